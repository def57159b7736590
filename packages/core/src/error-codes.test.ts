import { describe, expect, it } from 'vitest';
import { API_ERROR_STATUS, codeForStatus, statusOfErrorCode } from './error-codes';
import { API_ERROR_CODES } from './schemas/envelope';

describe('API error code table', () => {
  it('gives every code an error status and lists no other code', () => {
    expect(Object.keys(API_ERROR_STATUS).sort()).toEqual([...API_ERROR_CODES].sort());
    for (const code of API_ERROR_CODES) {
      expect(statusOfErrorCode(code)).toBeGreaterThanOrEqual(400);
      expect(statusOfErrorCode(code)).toBeLessThan(600);
    }
  });

  it('maps a status without an envelope back to a code', () => {
    expect(codeForStatus(400)).toBe('VALIDATION_ERROR');
    expect(codeForStatus(401)).toBe('UNAUTHORIZED');
    expect(codeForStatus(404)).toBe('NOT_FOUND');
    expect(codeForStatus(409)).toBe('CONFLICT');
    expect(codeForStatus(413)).toBe('PAYLOAD_TOO_LARGE');
    expect(codeForStatus(429)).toBe('RATE_LIMITED');
    expect(codeForStatus(502)).toBe('INTERNAL_ERROR');
    expect(codeForStatus(503)).toBe('INTERNAL_ERROR');
    expect(codeForStatus(418)).toBe('HTTP_418');
  });
});
