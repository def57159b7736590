import {
  createLatencySketch,
  type LatencySketch,
  type LatencyStats,
  latencySketchStats,
  mergeLatencySketches,
  type UptimeCounts,
} from '@waygate/health-core';
import { type Database, toDate } from '../db/database';

export type RollupGranularity = 'hour' | 'day';
const SIZE_MS: Record<RollupGranularity, number> = { hour: 3_600_000, day: 86_400_000 };
const WIDTH: Record<RollupGranularity, string> = { hour: '1 hour', day: '1 day' };
const EPOCH = `timestamptz '2000-01-01 00:00:00+00'`;

export interface RollupBucket extends UptimeCounts {
  bucketStart: Date;
  latency: LatencyStats;
  /** The bucket's latency sketch, for readers that merge buckets (the 7-day p95 baseline). */
  latencySketch: LatencySketch;
}

/** One row of a rollup table, of the pending queue aggregated, in the shape readers merge. */
interface RollupRow {
  bucket_start: Date | string;
  healthy: number;
  degraded: number;
  unhealthy: number;
  latency_count: number;
  latency_sum: string | number;
  latency_min: number | null;
  latency_max: number | null;
  /** Core's sketch buckets as `{"<index>": count, "z": zeros}`: daily rows, migrated hourly rows. */
  latency_sketch: Record<string, number> | string | null;
  /** Exact latencies: hourly rows written by the roll-up pass, the pending queue. */
  latency_values: number[] | null;
}

/**
 * A stored row's latency as core's LatencySketch (so percentiles come from core's one
 * implementation): the jsonb sketch's buckets plus the exact values' buckets; count, sum, min
 * and max from the row's exact columns, which cover both.
 */
export function toLatencySketch(row: RollupRow): LatencySketch {
  const raw =
    typeof row.latency_sketch === 'string'
      ? (JSON.parse(row.latency_sketch) as Record<string, number>)
      : (row.latency_sketch ?? {});
  const stored: LatencySketch = {
    version: 1,
    count: 0,
    sum: 0,
    min: null,
    max: null,
    zeroCount: Number(raw.z ?? 0),
    buckets: Object.entries(raw)
      .filter(([key]) => key !== 'z')
      .map(([key, count]): [number, number] => [Number(key), Number(count)])
      .sort((a, b) => a[0] - b[0]),
  };
  const merged = mergeLatencySketches(stored, createLatencySketch(row.latency_values ?? []));
  return {
    ...merged,
    count: row.latency_count,
    sum: Number(row.latency_sum),
    min: row.latency_min,
    max: row.latency_max,
  };
}

/** Start of the UTC hour/day containing `date`. */
export function bucketFloor(date: Date, granularity: RollupGranularity): Date {
  const size = SIZE_MS[granularity];
  return new Date(Math.floor(date.getTime() / size) * size);
}

/** The pending queue aggregated per bucket, in RollupRow's shape (in_maintenance left out). */
function pendingRows(width: string, where: string): string {
  return `SELECT date_bin('${width}', p.created_at, ${EPOCH}) AS bucket_start,
                 count(*) FILTER (WHERE NOT p.in_maintenance AND p.status = 0)::int AS healthy,
                 count(*) FILTER (WHERE NOT p.in_maintenance AND p.status = 1)::int AS degraded,
                 count(*) FILTER (WHERE NOT p.in_maintenance AND p.status = 2)::int AS unhealthy,
                 count(p.latency) FILTER (WHERE NOT p.in_maintenance)::int AS latency_count,
                 COALESCE(sum(p.latency) FILTER (WHERE NOT p.in_maintenance), 0) AS latency_sum,
                 min(p.latency) FILTER (WHERE NOT p.in_maintenance) AS latency_min,
                 max(p.latency) FILTER (WHERE NOT p.in_maintenance) AS latency_max,
                 NULL::jsonb AS latency_sketch,
                 array_agg(p.latency) FILTER (WHERE NOT p.in_maintenance AND p.latency IS NOT NULL)
                   AS latency_values
            FROM health_rollup_pending p
           WHERE ${where}
           GROUP BY 1`;
}

/**
 * Rollup buckets of one connection, or of a whole tenant when `connectionId` is null (from the
 * tenant rollups, without latency), whose start lies in [from, to), oldest first.
 *
 * Exact up to the last committed check: ONE statement (one snapshot) reads the rollup rows and
 * the checks still queued for the roll-up pass (`health_rollup_pending`), so a check is counted
 * exactly once whether or not the pass has moved it yet. Days of a connection come from its
 * daily rows before `health_rollup_state.daily_derived_until` and from its hourly rows after.
 */
export async function readRollups(
  db: Database,
  query: {
    tenantId: string;
    connectionId: string | null;
    granularity: RollupGranularity;
    from: Date;
    to: Date;
  },
): Promise<RollupBucket[]> {
  const size = SIZE_MS[query.granularity];
  const width = WIDTH[query.granularity];
  // Buckets whose start is in [from, to) hold exactly the times in [lo, hi).
  const lo = new Date(Math.ceil(query.from.getTime() / size) * size);
  const hi = new Date(Math.ceil(query.to.getTime() / size) * size);
  if (hi <= lo) return [];
  const { rows } = await db.query<RollupRow>(
    query.connectionId
      ? `WITH w AS (SELECT CASE WHEN $5 = 'd' THEN daily_derived_until
                                ELSE '-infinity'::timestamptz END AS until
                      FROM health_rollup_state)
         SELECT r.bucket_start, r.healthy, r.degraded, r.unhealthy, r.latency_count,
                r.latency_sum, r.latency_min, r.latency_max, r.latency_sketch, r.latency_values
           FROM health_rollups r, w
          WHERE r.connection_id = $1 AND r.tenant_id = $2 AND r.granularity = 'd' AND $5 = 'd'
            AND r.bucket_start >= $3 AND r.bucket_start < $4 AND r.bucket_start < w.until
         UNION ALL
         SELECT date_bin('${width}', r.bucket_start, ${EPOCH}), r.healthy, r.degraded,
                r.unhealthy, r.latency_count, r.latency_sum, r.latency_min, r.latency_max,
                r.latency_sketch, r.latency_values
           FROM health_rollups r, w
          WHERE r.connection_id = $1 AND r.tenant_id = $2 AND r.granularity = 'h'
            AND r.bucket_start >= $3 AND r.bucket_start < $4 AND r.bucket_start >= w.until
         UNION ALL
         ${pendingRows(width, 'p.tenant_id = $2 AND p.connection_id = $1 AND p.created_at >= $3 AND p.created_at < $4')}`
      : `SELECT r.bucket_start, r.healthy, r.degraded, r.unhealthy, 0 AS latency_count,
                0 AS latency_sum, NULL::int AS latency_min, NULL::int AS latency_max,
                NULL::jsonb AS latency_sketch, NULL::int[] AS latency_values
           FROM health_rollups_tenant r
          WHERE r.tenant_id = $2 AND r.granularity = $5 AND r.bucket_start >= $3
            AND r.bucket_start < $4 AND $1::uuid IS NULL
         UNION ALL
         SELECT bucket_start, healthy, degraded, unhealthy, 0, 0, NULL::int, NULL::int,
                NULL::jsonb, NULL::int[]
           FROM (${pendingRows(width, 'p.tenant_id = $2 AND p.created_at >= $3 AND p.created_at < $4')}) q`,
    [query.connectionId, query.tenantId, lo, hi, query.granularity === 'hour' ? 'h' : 'd'],
  );
  // Rows of one bucket (hours of a not yet derived day, queued checks) add up.
  const byStart = new Map<number, RollupRow>();
  for (const row of rows) {
    const start = toDate(row.bucket_start).getTime();
    const seen = byStart.get(start);
    byStart.set(start, seen ? mergeRows(seen, row) : row);
  }
  return [...byStart.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, row]) => {
      const latencySketch = toLatencySketch(row);
      return {
        bucketStart: new Date(start),
        healthy: row.healthy,
        degraded: row.degraded,
        unhealthy: row.unhealthy,
        latency: latencySketchStats(latencySketch),
        latencySketch,
      };
    });
}

function mergeRows(a: RollupRow, b: RollupRow): RollupRow {
  const sketchA = toLatencySketch(a);
  const merged = mergeLatencySketches(sketchA, toLatencySketch(b));
  const sketch: Record<string, number> = {};
  if (merged.zeroCount > 0) sketch.z = merged.zeroCount;
  for (const [index, count] of merged.buckets) sketch[String(index)] = count;
  return {
    bucket_start: a.bucket_start,
    healthy: a.healthy + b.healthy,
    degraded: a.degraded + b.degraded,
    unhealthy: a.unhealthy + b.unhealthy,
    latency_count: merged.count,
    latency_sum: merged.sum,
    latency_min: merged.min,
    latency_max: merged.max,
    latency_sketch: sketch,
    latency_values: null,
  };
}

/**
 * Checks per status over a window, from hourly rollups plus the checks still queued for the
 * roll-up pass (one statement, so each check counts once). Windows are whole UTC hours: the hour
 * containing `to` and the hours before it whose start is not before `from` (so "the last 24 h"
 * at 10:20 covers 11:00 yesterday to now), never more than the window asked for. Checks taken
 * in a maintenance window are in no count.
 */
export async function rollupStatusCounts(
  db: Database,
  tenantId: string,
  connectionId: string | null,
  from: Date,
  to: Date,
): Promise<UptimeCounts> {
  const firstHour = new Date(Math.ceil(from.getTime() / 3_600_000) * 3_600_000);
  const end = new Date(bucketFloor(to, 'hour').getTime() + 3_600_000);
  const connection = connectionId ? 'AND connection_id = $4' : '';
  // Summed in SQL: the counts alone, without decoding any latency.
  const { rows } = await db.query<UptimeCounts>(
    `SELECT COALESCE(sum(healthy), 0)::int AS healthy, COALESCE(sum(degraded), 0)::int AS degraded,
            COALESCE(sum(unhealthy), 0)::int AS unhealthy
       FROM (SELECT healthy, degraded, unhealthy
               FROM ${connectionId ? 'health_rollups' : 'health_rollups_tenant'}
              WHERE tenant_id = $1 AND granularity = 'h' AND bucket_start >= $2
                AND bucket_start < $3 ${connection}
             UNION ALL
             SELECT (status = 0)::int, (status = 1)::int, (status = 2)::int
               FROM health_rollup_pending
              WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3
                AND NOT in_maintenance ${connection}) s`,
    connectionId ? [tenantId, firstHour, end, connectionId] : [tenantId, firstHour, end],
  );
  return rows[0] ?? { healthy: 0, degraded: 0, unhealthy: 0 };
}

/**
 * Moves the checks queued by the insert trigger into the rollups (one statement, see migration
 * 0070). Returns how many checks were moved. Readers do not need it for exact answers; it keeps
 * the queue short. Safe to call from any number of processes at once.
 */
export async function rollUpPending(db: Database): Promise<number> {
  const { rows } = await db.query<{ moved: number }>('SELECT waygate_roll_up_pending() AS moved');
  return rows[0]?.moved ?? 0;
}

/**
 * Derives the daily per-connection rollups of the days that ended before `now` from their hourly
 * rows (migration 0070). Returns the daily rows written.
 */
export async function deriveDailyRollups(db: Database, now: Date): Promise<number> {
  const { rows } = await db.query<{ derived: number }>(
    'SELECT waygate_derive_daily_rollups($1) AS derived',
    [now],
  );
  return rows[0]?.derived ?? 0;
}
