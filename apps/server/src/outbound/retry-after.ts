/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110).
 * Returns `undefined` when absent or unreadable; a date in the past means "now" (0).
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : undefined;
  }
  // Only accept things that look like a date: Date.parse alone takes "1" or "soon 2" too.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
