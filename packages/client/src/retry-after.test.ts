import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-25T10:00:00Z');

  it('reads delay-seconds and HTTP-dates, never negative', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 25 Jan 2026 10:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Sun, 25 Jan 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });

  it('caps an absurd wait at what setTimeout honours, so waiting it really waits', () => {
    const max = 2_147_483_647;
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(max);
    expect(parseRetryAfter('99999999999', now)).toBe(max);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', now)).toBe(max);
    expect(parseRetryAfter('2147483', now)).toBe(2_147_483_000);
  });
});
