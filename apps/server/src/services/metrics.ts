import {
  describeCheckError,
  describeReason,
  type HealthEvent,
  type HealthReason,
  type HealthSummary,
  type HealthSummaryConnection,
  type LatencyPoint,
  type LatencySeries,
  type Uptime,
  type UptimeWindow,
  uptimeFromBuckets,
} from '@waygate/health-core';
import { clampQueryTime, type Database, toIso } from '../db/database';
import { fromPublicId, toPublicId } from '../ids';
import { countInMaintenance } from '../notifications/maintenance/maintenance-scope';
import { readRollups, rollupStatusCounts } from '../rollups/read-rollups';
import { listPage, publicIds } from './pagination';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const WINDOW_MS: Record<UptimeWindow, number> = {
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};

/** Start of a window that ends now, rounded up to a whole hour: rollups are hourly. */
export function windowStart(now: Date, window: UptimeWindow): Date {
  return new Date(Math.ceil((now.getTime() - WINDOW_MS[window]) / HOUR_MS) * HOUR_MS);
}

/** Uptime over a window, from the hourly rollups (never a scan of raw history). */
export async function connectionUptime(
  db: Database,
  tenantId: string,
  connectionId: string,
  window: UptimeWindow,
  now: Date,
): Promise<Uptime> {
  const from = windowStart(now, window);
  const counts = await rollupStatusCounts(db, tenantId, connectionId, from, now);
  const result = uptimeFromBuckets([counts]);
  return {
    connectionId: toPublicId('connection', connectionId),
    window,
    from: from.toISOString(),
    to: now.toISOString(),
    uptimePercent: result.uptimePercent,
    totalChecks: result.totalChecks,
    healthy: result.healthy,
    degraded: result.degraded,
    unhealthy: result.unhealthy,
  };
}

/**
 * Test-action latency per UTC hour or day over the window, from the rollups, every bucket
 * present (empty ones with count 0 and null statistics) so charts get an even time axis.
 * Percentiles come from the rollups' latency sketch (within 1% of the exact value).
 */
export async function connectionLatency(
  db: Database,
  tenantId: string,
  connectionId: string,
  bucket: 'hour' | 'day',
  window: UptimeWindow,
  now: Date,
): Promise<LatencySeries> {
  const size = bucket === 'hour' ? HOUR_MS : DAY_MS;
  const first = Math.floor((now.getTime() - WINDOW_MS[window]) / size) * size;
  const buckets = await readRollups(db, {
    tenantId,
    connectionId,
    granularity: bucket,
    from: new Date(first),
    to: new Date(now.getTime() + 1),
  });
  const byStart = new Map(buckets.map((b) => [b.bucketStart.getTime(), b.latency]));
  const points: LatencyPoint[] = [];
  for (let t = first; t <= now.getTime(); t += size) {
    const stats = byStart.get(t);
    points.push({
      bucketStart: new Date(t).toISOString(),
      count: stats?.count ?? 0,
      min: stats?.min ?? null,
      max: stats?.max ?? null,
      mean: stats?.mean == null ? null : Math.round(stats.mean * 100) / 100,
      p50: stats?.p50 == null ? null : Math.round(stats.p50),
      p95: stats?.p95 == null ? null : Math.round(stats.p95),
    });
  }
  return { connectionId: toPublicId('connection', connectionId), bucket, window, points };
}

const STATUS_ORDER = { unhealthy: 0, degraded: 1, healthy: 2 } as const;

/**
 * Unhealthy first, then degraded, then healthy: the summary's order, written exactly as the
 * expression of `connections_tenant_health_order_idx` (migration 0030) so both queries below
 * are answered from that index.
 */
const STATUS_RANK_SQL = `CASE c.health_status WHEN 'unhealthy' THEN 0 WHEN 'degraded' THEN 1 ELSE 2 END`;

export async function healthSummary(
  db: Database,
  tenantId: string,
  limit: number,
  now: Date,
): Promise<HealthSummary> {
  const [{ rows: totals }, { rows: listed }, counts, inMaintenance] = await Promise.all([
    // The counts are kept per tenant by triggers on `connections` (migration 0100): a connection
    // never checked counts as `never_checked`, in no status. The newest check time is the first
    // entry of each status's run in the summary's own order index (three index probes).
    db.query<{
      total: number;
      never_checked: number;
      healthy: number;
      degraded: number;
      unhealthy: number;
      last: Date | null;
    }>(
      `SELECT COALESCE(t.total, 0) AS total, COALESCE(t.never_checked, 0) AS never_checked,
              COALESCE(t.healthy, 0) AS healthy, COALESCE(t.degraded, 0) AS degraded,
              COALESCE(t.unhealthy, 0) AS unhealthy,
              (SELECT max(newest.at) FROM (VALUES (0), (1), (2)) AS rank(r)
                 CROSS JOIN LATERAL (
                   SELECT c.last_health_check_at AS at FROM connections c
                    WHERE c.tenant_id = $1
                      AND ${STATUS_RANK_SQL} = rank.r
                      AND c.last_health_check_at IS NOT NULL
                    ORDER BY ${STATUS_RANK_SQL}, c.last_health_check_at DESC NULLS LAST
                    LIMIT 1) newest) AS last
         FROM (SELECT 1) one LEFT JOIN tenant_health_counts t ON t.tenant_id = $1`,
      [tenantId],
    ),
    db.query<{
      id: string;
      name: string;
      integration_name: string;
      health_status: keyof typeof STATUS_ORDER;
      health_reasons: string[];
      last_health_check_at: Date | null;
      error_code: string | null;
      error_message: string | null;
      test_action_status_code: number | null;
    }>(
      `SELECT c.id, c.name, i.name AS integration_name, c.health_status, c.health_reasons,
              c.last_health_check_at, hc.error_code, hc.error_message, hc.test_action_status_code
         FROM connections c
         JOIN integrations i ON i.id = c.integration_id
         LEFT JOIN health_checks hc ON hc.connection_id = c.id AND hc.created_at = c.last_health_check_at
              AND hc.id = c.last_health_check_id
        WHERE c.tenant_id = $1
        ORDER BY ${STATUS_RANK_SQL}, c.last_health_check_at DESC NULLS LAST, c.id
        LIMIT $2`,
      [tenantId, limit],
    ),
    rollupStatusCounts(db, tenantId, null, windowStart(now, '24h'), now),
    countInMaintenance(db, tenantId, now),
  ]);
  const totalRow = totals[0];
  const lastCheckAt = totalRow?.last ? toIso(totalRow.last)! : null;
  const connections: HealthSummaryConnection[] = listed.map((r) => {
    let error: string | undefined;
    // Never checked: no result, so no failure to describe (`lastCheckAt` stays null).
    if (r.last_health_check_at != null && r.health_status !== 'healthy') {
      error = r.error_code
        ? describeCheckError({
            code: r.error_code,
            statusCode: r.test_action_status_code ?? undefined,
          })
        : r.health_reasons[0]
          ? describeReason(r.health_reasons[0] as HealthReason)
          : undefined;
    }
    return {
      id: toPublicId('connection', r.id),
      name: r.name,
      integrationName: r.integration_name,
      healthStatus: r.health_status,
      lastCheckAt: toIso(r.last_health_check_at) ?? null,
      ...(error ? { error } : {}),
    };
  });
  return {
    totalConnections: totalRow?.total ?? 0,
    healthy: totalRow?.healthy ?? 0,
    degraded: totalRow?.degraded ?? 0,
    unhealthy: totalRow?.unhealthy ?? 0,
    neverChecked: totalRow?.never_checked ?? 0,
    inMaintenance,
    lastCheckAt,
    uptimeLast24h: uptimeFromBuckets([counts]).uptimePercent,
    connections,
  };
}

export async function listHealthEvents(
  db: Database,
  tenantId: string,
  query: { limit: number; cursor?: string; connectionId?: string; since?: string },
) {
  const params: unknown[] = [tenantId];
  const where = ['e.tenant_id = $1'];
  if (query.connectionId) {
    params.push(
      fromPublicId('connection', query.connectionId) ?? '00000000-0000-0000-0000-000000000000',
    );
    where.push(`e.connection_id = $${params.length}`);
  }
  if (query.since) {
    params.push(clampQueryTime(query.since));
    where.push(`e.created_at >= $${params.length}`);
  }
  return listPage<
    {
      id: string;
      connection_id: string;
      connection_name: string;
      health_check_id: string | null;
      from_status: HealthEvent['fromStatus'];
      to_status: HealthEvent['toStatus'];
      reasons: HealthReason[];
      created_at: Date;
    },
    HealthEvent
  >(db, {
    select: `e.id, e.connection_id, c.name AS connection_name, e.health_check_id, e.from_status,
             e.to_status, e.reasons, e.created_at`,
    from: 'health_events e JOIN connections c ON c.id = e.connection_id',
    alias: 'e',
    where,
    params,
    query,
    ids: publicIds('healthEvent'),
    toItem: (r) => ({
      id: toPublicId('healthEvent', r.id),
      connectionId: toPublicId('connection', r.connection_id),
      connectionName: r.connection_name,
      healthCheckId: r.health_check_id ? toPublicId('healthCheck', r.health_check_id) : undefined,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      reasons: r.reasons,
      createdAt: toIso(r.created_at)!,
    }),
  });
}
