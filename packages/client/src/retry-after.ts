/**
 * The longest wait `setTimeout` honours (≈ 24.8 days); anything longer fires at once. A server's
 * absurd Retry-After (hundreds of digits: `Infinity`) is capped here, so a caller who waits
 * `retryAfterMs` before trying again really waits.
 */
const MAX_WAIT_MS = 2_147_483_647;

/**
 * `Retry-After` as milliseconds: either delay-seconds (`"3"`) or an HTTP-date.
 * Undefined when absent or unreadable, so callers fall back to their own backoff.
 */
export const parseRetryAfter = (value: string | null, now = Date.now()): number | undefined => {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_WAIT_MS);
  // An HTTP-date always names a day and month; `Date.parse('-5')` would read a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - now), MAX_WAIT_MS);
};
