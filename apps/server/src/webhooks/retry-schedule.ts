/**
 * Waits after failed attempt 1, 2, … before the next one: 30 s, 2 min, 10 min, 1 h, 6 h. After
 * the last wait one final attempt is made, so a delivery gets `MAX_DELIVERY_ATTEMPTS` tries over
 * about 7 h 13 min before it is marked failed: long enough to ride out a receiver's deploy or a
 * short outage, short enough that a status change is not announced a day late.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  30_000,
  2 * 60_000,
  10 * 60_000,
  60 * 60_000,
  6 * 60 * 60_000,
];

export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * When the next attempt is due after `attemptsMade` failed attempts, or null when the delivery
 * has used all its attempts.
 */
export function nextAttemptAt(
  attemptsMade: number,
  failedAt: Date,
  delays: readonly number[] = RETRY_DELAYS_MS,
): Date | null {
  const delay = delays[attemptsMade - 1];
  if (attemptsMade < 1 || delay === undefined) return null;
  return new Date(failedAt.getTime() + delay);
}
