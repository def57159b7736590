import type { HealthCheck, HealthCheckStatus } from '@waygate/health-core';
import { worstStatus } from '../lib/status';
import { toMillis } from '../lib/time';

/** One block of the status bar: a single check, or several consecutive checks when bucketed. */
export interface TimelineBlock {
  key: string;
  status: HealthCheckStatus;
  checks: HealthCheck[];
  from: number;
  to: number;
  counts: Record<HealthCheckStatus, number>;
  /** Checks taken during a maintenance window (counted in `counts` too). */
  inMaintenance: number;
  /** Every check of the block was in maintenance: drawn grey, its status not counted. */
  maintenance: boolean;
}

/** Oldest first, as a status bar reads left to right; unreadable times sort first. */
export function sortChecksAscending(checks: readonly HealthCheck[]): HealthCheck[] {
  return checks
    .map((check) => ({ check, at: toMillis(check.createdAt) ?? 0 }))
    .sort((a, b) => a.at - b.at)
    .map(({ check }) => check);
}

/**
 * Groups sorted checks into at most `maxBlocks` blocks of equal count; each block shows its worst
 * status so that a single failure in a bucket is never hidden.
 */
export function bucketChecks(sorted: readonly HealthCheck[], maxBlocks: number): TimelineBlock[] {
  const size = Math.max(1, Math.ceil(sorted.length / Math.max(1, Math.floor(maxBlocks))));
  const blocks: TimelineBlock[] = [];
  for (let i = 0; i < sorted.length; i += size) {
    const checks = sorted.slice(i, i + size);
    const counts = { healthy: 0, degraded: 0, unhealthy: 0 };
    for (const check of checks) counts[check.status]++;
    const first = checks[0]!;
    const last = checks[checks.length - 1]!;
    // Maintenance checks never decide a block's colour while it has other checks.
    const counted = checks.filter((check) => !check.inMaintenance);
    blocks.push({
      key: first.id,
      status: worstStatus((counted.length > 0 ? counted : checks).map((check) => check.status)),
      inMaintenance: checks.length - counted.length,
      maintenance: counted.length === 0,
      checks,
      from: toMillis(first.createdAt) ?? 0,
      to: toMillis(last.createdAt) ?? 0,
      counts,
    });
  }
  return blocks;
}
