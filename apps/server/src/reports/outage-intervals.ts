import type { HealthCheckStatus } from '@waygate/health-core';

/** A status change of one connection (a `health_events` row). */
export interface StatusChange {
  at: number;
  toStatus: HealthCheckStatus;
}

/** A half-open span of time [start, end) in epoch ms. */
export interface Interval {
  start: number;
  end: number;
}

/**
 * The spans a connection was unhealthy inside [rangeStart, rangeEnd): from a change to
 * `unhealthy` until the next change to anything else. `before` is the last change before the
 * range (null: none), so an outage that began earlier is counted from the range's start; an
 * outage still open at `rangeEnd` ends there (callers pass min(range end, now): the future is
 * not an outage). `changes` must be sorted by time.
 */
export function unhealthyIntervals(
  before: HealthCheckStatus | null,
  changes: readonly StatusChange[],
  rangeStart: number,
  rangeEnd: number,
): Interval[] {
  const intervals: Interval[] = [];
  let openedAt: number | null = before === 'unhealthy' ? rangeStart : null;
  for (const change of changes) {
    if (change.at < rangeStart || change.at >= rangeEnd) continue;
    if (change.toStatus === 'unhealthy') {
      openedAt ??= change.at;
    } else if (openedAt !== null) {
      if (change.at > openedAt) intervals.push({ start: openedAt, end: change.at });
      openedAt = null;
    }
  }
  if (openedAt !== null && rangeEnd > openedAt) intervals.push({ start: openedAt, end: rangeEnd });
  return intervals;
}

const MINUTE_MS = 60_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Unhealthy minutes in [start, end) and the longest single outage inside it (both clipped to the
 * period, so a period's figures never exceed its length), in minutes to 0.01.
 */
export function outageMinutes(
  intervals: readonly Interval[],
  start: number,
  end: number,
): { unhealthyMinutes: number; longestOutageMinutes: number } {
  let total = 0;
  let longest = 0;
  for (const interval of intervals) {
    const overlap = Math.min(end, interval.end) - Math.max(start, interval.start);
    if (overlap <= 0) continue;
    total += overlap;
    longest = Math.max(longest, overlap);
  }
  return {
    unhealthyMinutes: round2(total / MINUTE_MS),
    longestOutageMinutes: round2(longest / MINUTE_MS),
  };
}

/** The UTC days or months covering [from, to): whole periods, the first containing `from`. */
export function reportPeriods(
  from: Date,
  to: Date,
  granularity: 'day' | 'month',
): { start: Date; end: Date }[] {
  const periods: { start: Date; end: Date }[] = [];
  let start =
    granularity === 'day'
      ? new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()))
      : new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (start < to) {
    const end =
      granularity === 'day'
        ? new Date(start.getTime() + 86_400_000)
        : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    periods.push({ start, end });
    start = end;
  }
  return periods;
}
