import { toTime } from './sanitize';
import type { HealthCheckStatus } from './schemas/enums';

export interface UptimeCounts {
  healthy: number;
  degraded: number;
  unhealthy: number;
}

export interface UptimeResult extends UptimeCounts {
  totalChecks: number;
  /** Checks that were not unhealthy ÷ all checks, in percent to 0.01; null when there were none. */
  uptimePercent: number | null;
}

/**
 * Percent of checks that were not unhealthy. Degraded counts as up: the API answered and the
 * credentials worked, it was only slow or close to a limit. Rounded half up to 0.01, except that
 * rounding never reaches 100 while a check failed, nor 0 while one succeeded (99.996 → 99.99).
 */
export function uptimePercent(up: number, total: number): number | null {
  if (!(total > 0)) return null;
  const ok = Math.min(total, Math.max(0, up));
  // Integer maths in basis points avoids 99.99000000001-style floats.
  let basisPoints = Math.round((ok * 10_000) / total);
  if (ok < total) basisPoints = Math.min(basisPoints, 9_999);
  if (ok > 0) basisPoints = Math.max(basisPoints, 1);
  return basisPoints / 100;
}

function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** Uptime from buckets of counts (rollups); counts that are not non-negative integers count 0. */
export function uptimeFromBuckets(buckets: readonly UptimeCounts[]): UptimeResult {
  let healthy = 0;
  let degraded = 0;
  let unhealthy = 0;
  for (const b of buckets) {
    healthy += count(b.healthy);
    degraded += count(b.degraded);
    unhealthy += count(b.unhealthy);
  }
  const totalChecks = healthy + degraded + unhealthy;
  return {
    healthy,
    degraded,
    unhealthy,
    totalChecks,
    uptimePercent: uptimePercent(healthy + degraded, totalChecks),
  };
}

/**
 * Uptime from raw checks, optionally restricted to `from <= createdAt < to` (half-open so that
 * adjacent windows never count a check twice). Checks with an unreadable time are ignored when a
 * window is given.
 */
export function uptimeFromChecks(
  checks: readonly { status: HealthCheckStatus; createdAt: string | Date }[],
  window?: { from: Date; to: Date },
): UptimeResult {
  const counts: UptimeCounts = { healthy: 0, degraded: 0, unhealthy: 0 };
  const from = window?.from.getTime();
  const to = window?.to.getTime();
  for (const check of checks) {
    if (window) {
      const at = toTime(check.createdAt);
      if (at === null || !(at >= (from as number) && at < (to as number))) continue;
    }
    if (check.status === 'healthy') counts.healthy++;
    else if (check.status === 'degraded') counts.degraded++;
    // Anything unrecognised is conservatively down.
    else counts.unhealthy++;
  }
  return uptimeFromBuckets([counts]);
}
