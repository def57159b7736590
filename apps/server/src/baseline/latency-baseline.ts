import { latencySketchStats, mergeLatencySketches } from '@waygate/health-core';
import type { Database } from '../db/database';
import { readRollups } from '../rollups/read-rollups';
import type { CheckContext } from '../runner/check-context';

const DAY_MS = 86_400_000;
/** How far back the baseline looks: the UTC days that started in the last 7 days, today included. */
export const BASELINE_WINDOW_MS = 7 * DAY_MS;
/** Fewer test actions than this in the window give no baseline: a p95 of three calls is noise. */
export const MIN_BASELINE_SAMPLES = 20;
/** A baseline is reused this long per connection: it moves slowly, and checks are frequent. */
const CACHE_TTL_MS = 10 * 60_000;
const CACHE_MAX = 50_000;

/**
 * A connection's own test-action p95 over the last 7 days, from the daily rollups (wp's read
 * path: rollups plus checks not yet rolled up, each once), merged with core's latency sketch so
 * the percentile is of all the week's calls, not an average of daily ones. Null without enough
 * samples.
 */
export async function latencyBaselineP95(
  db: Database,
  tenantId: string,
  connectionId: string,
  now: Date,
): Promise<number | null> {
  const days = await readRollups(db, {
    tenantId,
    connectionId,
    granularity: 'day',
    from: new Date(now.getTime() - BASELINE_WINDOW_MS),
    to: new Date(now.getTime() + 1),
  });
  if (days.length === 0) return null;
  const merged = days.map((d) => d.latencySketch).reduce((a, b) => mergeLatencySketches(a, b));
  const stats = latencySketchStats(merged);
  return stats.count >= MIN_BASELINE_SAMPLES && stats.p95 != null ? stats.p95 : null;
}

const cache = new Map<string, { value: number | null; until: number }>();

/**
 * Sets `latencyBaselineMs` on the contexts whose integration enabled the baseline rule (the
 * others cost nothing), from a per-process cache refreshed every 10 minutes. A failed lookup
 * leaves the baseline unset: the check still runs, only this one rule cannot apply.
 */
export async function attachLatencyBaselines(
  db: Database,
  contexts: readonly CheckContext[],
  now: Date,
): Promise<void> {
  const nowMs = now.getTime();
  for (const context of contexts) {
    if (!context.integration.healthCheckConfig.latencyBaseline?.enabled) continue;
    const cached = cache.get(context.connectionId);
    if (cached && cached.until > nowMs) {
      context.latencyBaselineMs = cached.value;
      continue;
    }
    try {
      const value = await latencyBaselineP95(db, context.tenantId, context.connectionId, now);
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(context.connectionId, { value, until: nowMs + CACHE_TTL_MS });
      context.latencyBaselineMs = value;
    } catch {
      context.latencyBaselineMs = null;
    }
  }
}

/** Forgets cached baselines (tests that change history under a running process). */
export function clearLatencyBaselineCache(): void {
  cache.clear();
}
