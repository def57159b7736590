import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-25T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 30 ', now)).toBe(30_000);
    expect(parseRetryAfter(['5', '10'], now)).toBe(5_000);
  });

  it('reads an HTTP date as the time left, never negative', () => {
    expect(parseRetryAfter('Sun, 25 Jan 2026 10:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 25 Jan 2026 09:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', '-5', '1.5', 'soon', '12abc'])('ignores %s', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
