import { ErrorEnvelope } from '@waygate/health-core';
import { describe, expect, it } from 'vitest';
import { errorBodyOf, errorFromResponse } from './error-from-response';
import {
  HealthApiError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  ValidationError,
} from './errors';

const envelope = (code: string, details?: Record<string, unknown>) => ({
  success: false,
  error: { code, message: `${code} happened`, ...(details ? { details } : {}) },
});

const map = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  errorFromResponse({ status, headers: new Headers(headers), body, request: 'GET /x' }, []);

// The contract suite gets 401/404/400/429 from the real server; these pin the statuses and
// bodies a healthy reference server cannot be made to send.
describe('errorFromResponse', () => {
  it.each([
    [401, UnauthorizedError],
    [404, NotFoundError],
    [400, ValidationError],
    [422, ValidationError],
    [429, RateLimitedError],
    [500, ServerError],
    [503, ServerError],
  ])('maps %i to %o', (status, type) => {
    expect(map(status, envelope('ANY'))).toBeInstanceOf(type);
  });

  it('falls back to the base class, keeping the code, for other statuses', () => {
    const error = map(409, envelope('CONFLICT'));
    expect(error.constructor).toBe(HealthApiError);
    expect(error).toMatchObject({ status: 409, code: 'CONFLICT', message: 'CONFLICT happened' });
  });

  it('takes retryAfterMs from the header first, then from details', () => {
    const both = map(429, envelope('RATE_LIMITED', { retryAfterSeconds: 30 }), {
      'retry-after': '7',
    });
    expect((both as RateLimitedError).retryAfterMs).toBe(7000);
    const bodyOnly = map(429, envelope('RATE_LIMITED', { retryAfterSeconds: 30 }));
    expect((bodyOnly as RateLimitedError).retryAfterMs).toBe(30_000);
    expect((map(429, undefined) as RateLimitedError).retryAfterMs).toBeUndefined();
  });

  it('invents a stable code and a message when the body is not our envelope', () => {
    expect(map(504, '<html>gateway timeout</html>')).toMatchObject({
      code: 'INTERNAL_ERROR',
      message: 'GET /x failed with status 504',
    });
    // The server's own code for the status (core's table), else HTTP_<status>.
    expect(map(413, undefined)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(map(404, '')).toMatchObject({ code: 'NOT_FOUND' });
    expect(map(418, undefined)).toMatchObject({ code: 'HTTP_418' });
  });

  it('maps an error body nested deeper than the stack allows, never throwing a RangeError', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(20_000)}"wgk_secret"${'}'.repeat(20_000)}`);
    const error = errorFromResponse(
      {
        status: 400,
        headers: new Headers(),
        body: { success: false, error: { code: 'X', message: 'm', details: { deep } } },
        request: 'GET /x',
      },
      ['wgk_secret'],
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(error)).not.toContain('wgk_secret');
  });

  it('reads the request id from X-Request-Id', () => {
    expect(map(500, envelope('INTERNAL_ERROR'), { 'x-request-id': 'req_1' }).requestId).toBe(
      'req_1',
    );
  });
});

// Both entries read error bodies without zod; core's schema stays the definition.
describe('errorBodyOf agrees with core’s ErrorEnvelope', () => {
  const issue = { field: 'name', message: 'Required' };
  it.each([
    ['a bare error', envelope('NOT_FOUND')],
    [
      'details with every known field',
      envelope('VALIDATION_ERROR', { field: 'name', issues: [issue], retryAfterSeconds: 3 }),
    ],
    ['extra details kept', envelope('CONFLICT', { existingId: 'conn_1' })],
    [
      'extra keys of an issue dropped',
      envelope('VALIDATION_ERROR', { issues: [{ ...issue, code: 'x' }] }),
    ],
    [
      'extra keys of the error dropped',
      { success: false, error: { code: 'X', message: 'm', hint: 'h' } },
    ],
    ['details: null', { success: false, error: { code: 'X', message: 'm', details: null } }],
    ['a non-string field', envelope('X', { field: 3 })],
    ['a bad issue', envelope('X', { issues: [{ field: 'name' }] })],
    ['issues not an array', envelope('X', { issues: 'name' })],
    ['a string retryAfterSeconds', envelope('X', { retryAfterSeconds: '5' })],
    ['success: true', { success: true, error: { code: 'X', message: 'm' } }],
    ['no message', { success: false, error: { code: 'X' } }],
    ['a number code', { success: false, error: { code: 404, message: 'm' } }],
    ['an array', [envelope('X')]],
    ['text', '<html>'],
    ['nothing', undefined],
  ])('%s', (_name, body) => {
    expect(errorBodyOf(body)).toStrictEqual(ErrorEnvelope.safeParse(body).data?.error);
  });
});
