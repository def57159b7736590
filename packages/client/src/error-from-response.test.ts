import { describe, expect, it } from 'vitest';
import { errorFromResponse } from './error-from-response';
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

  it('reads the request id from X-Request-Id', () => {
    expect(map(500, envelope('INTERNAL_ERROR'), { 'x-request-id': 'req_1' }).requestId).toBe(
      'req_1',
    );
  });
});
