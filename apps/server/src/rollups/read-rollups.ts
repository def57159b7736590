import {
  type LatencySketch,
  type LatencyStats,
  latencySketchStats,
  type UptimeCounts,
} from '@waygate/health-core';
import { type Database, toDate } from '../db/database';

export type RollupGranularity = 'hour' | 'day';
const CODE: Record<RollupGranularity, 'h' | 'd'> = { hour: 'h', day: 'd' };

export interface RollupBucket extends UptimeCounts {
  bucketStart: Date;
  latency: LatencyStats;
}

interface RollupRow {
  bucket_start: Date | string;
  healthy: number;
  degraded: number;
  unhealthy: number;
  latency_count: number;
  latency_sum: string | number;
  latency_min: number | null;
  latency_max: number | null;
  latency_sketch: Record<string, number> | string;
}

/**
 * The stored sketch (`{"<bucket index>": count, "z": zeros}`, as the rollup trigger writes it)
 * as core's LatencySketch, so percentiles come from core's one implementation.
 */
export function toLatencySketch(row: RollupRow): LatencySketch {
  const raw =
    typeof row.latency_sketch === 'string' ? JSON.parse(row.latency_sketch) : row.latency_sketch;
  const entries = Object.entries(raw as Record<string, number>);
  return {
    version: 1,
    count: row.latency_count,
    sum: Number(row.latency_sum),
    min: row.latency_min,
    max: row.latency_max,
    zeroCount: Number(raw.z ?? 0),
    buckets: entries
      .filter(([key]) => key !== 'z')
      .map(([key, count]): [number, number] => [Number(key), Number(count)])
      .sort((a, b) => a[0] - b[0]),
  };
}

/** Start of the UTC hour/day containing `date`. */
export function bucketFloor(date: Date, granularity: RollupGranularity): Date {
  const size = granularity === 'hour' ? 3_600_000 : 86_400_000;
  return new Date(Math.floor(date.getTime() / size) * size);
}

/**
 * Rollup buckets of one connection, or of a whole tenant when `connectionId` is null (from the
 * tenant rollups, without latency), whose start lies in [from, to), oldest first.
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
  const { rows } = await db.query<RollupRow>(
    query.connectionId
      ? `SELECT bucket_start, healthy, degraded, unhealthy, latency_count, latency_sum,
                latency_min, latency_max, latency_sketch
           FROM health_rollups
          WHERE connection_id = $1 AND tenant_id = $2 AND granularity = $3
            AND bucket_start >= $4 AND bucket_start < $5
          ORDER BY bucket_start`
      : `SELECT bucket_start, healthy, degraded, unhealthy, 0 AS latency_count, 0 AS latency_sum,
                NULL::int AS latency_min, NULL::int AS latency_max, '{}'::jsonb AS latency_sketch
           FROM health_rollups_tenant
          WHERE tenant_id = $2 AND granularity = $3 AND bucket_start >= $4 AND bucket_start < $5
            AND $1::uuid IS NULL
          ORDER BY bucket_start`,
    [query.connectionId, query.tenantId, CODE[query.granularity], query.from, query.to],
  );
  return rows.map((row) => ({
    bucketStart: toDate(row.bucket_start),
    healthy: row.healthy,
    degraded: row.degraded,
    unhealthy: row.unhealthy,
    latency: latencySketchStats(toLatencySketch(row)),
  }));
}

/**
 * Checks per status over a window, from hourly rollups. Windows are whole UTC hours: the hour
 * containing `to` and the hours before it whose start is not before `from` (so "the last 24 h"
 * at 10:20 covers 11:00 yesterday to now), never more than the window asked for.
 */
export async function rollupStatusCounts(
  db: Database,
  tenantId: string,
  connectionId: string | null,
  from: Date,
  to: Date,
): Promise<UptimeCounts> {
  const firstHour = new Date(Math.ceil(from.getTime() / 3_600_000) * 3_600_000);
  const lastHour = bucketFloor(to, 'hour');
  // Summed in SQL: the counts alone, without decoding every bucket's latency sketch.
  const { rows } = await db.query<UptimeCounts>(
    `SELECT COALESCE(sum(healthy), 0)::int AS healthy, COALESCE(sum(degraded), 0)::int AS degraded,
            COALESCE(sum(unhealthy), 0)::int AS unhealthy
       FROM ${connectionId ? 'health_rollups' : 'health_rollups_tenant'}
      WHERE tenant_id = $1 AND granularity = 'h' AND bucket_start >= $2 AND bucket_start <= $3
        ${connectionId ? 'AND connection_id = $4' : ''}`,
    connectionId ? [tenantId, firstHour, lastHour, connectionId] : [tenantId, firstHour, lastHour],
  );
  return rows[0] ?? { healthy: 0, degraded: 0, unhealthy: 0 };
}
