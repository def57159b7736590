/**
 * `Retry-After` as milliseconds: either delay-seconds (`"3"`) or an HTTP-date.
 * Undefined when absent or unreadable, so callers fall back to their own backoff.
 */
export const parseRetryAfter = (value: string | null, now = Date.now()): number | undefined => {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date always names a day and month; `Date.parse('-5')` would read a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};
