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
import { decodeCursor } from '../cursor';
import { clampQueryTime, type Database, toIso } from '../db/database';
import { fromPublicId, toPublicId } from '../ids';
import { statusCounts } from './health-checks';
import { paginate } from './pagination';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const WINDOW_MS: Record<UptimeWindow, number> = {
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};

export async function connectionUptime(
  db: Database,
  tenantId: string,
  connectionId: string,
  window: UptimeWindow,
  now: Date,
): Promise<Uptime> {
  const from = new Date(now.getTime() - WINDOW_MS[window]);
  const counts = await statusCounts(db, tenantId, connectionId, from, now);
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
 * Test-action latency per UTC hour or day over the window, every bucket present (empty ones
 * with count 0 and null statistics) so charts get an even time axis. Percentiles are
 * nearest-rank (`percentile_disc`), as core's `latencyStats`.
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
  const from = new Date(now.getTime() - WINDOW_MS[window]);
  const { rows } = await db.query<{
    bucket_start: Date;
    n: number;
    min: number | null;
    max: number | null;
    mean: number | null;
    p50: number | null;
    p95: number | null;
  }>(
    `SELECT date_bin($5::interval, created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket_start,
            count(*)::int AS n, min(test_action_latency_ms) AS min, max(test_action_latency_ms) AS max,
            round(avg(test_action_latency_ms), 2)::float8 AS mean,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY test_action_latency_ms) AS p50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY test_action_latency_ms) AS p95
       FROM health_checks
      WHERE connection_id = $1 AND tenant_id = $2 AND created_at >= $3 AND created_at <= $4
        AND test_action_latency_ms IS NOT NULL
      GROUP BY 1`,
    [connectionId, tenantId, from, now, bucket === 'hour' ? '1 hour' : '1 day'],
  );
  const byStart = new Map(rows.map((r) => [new Date(r.bucket_start).getTime(), r]));
  const points: LatencyPoint[] = [];
  for (let t = Math.floor(from.getTime() / size) * size; t <= now.getTime(); t += size) {
    const r = byStart.get(t);
    points.push({
      bucketStart: new Date(t).toISOString(),
      count: r?.n ?? 0,
      min: r?.min ?? null,
      max: r?.max ?? null,
      mean: r?.mean ?? null,
      p50: r?.p50 ?? null,
      p95: r?.p95 ?? null,
    });
  }
  return { connectionId: toPublicId('connection', connectionId), bucket, window, points };
}

const STATUS_ORDER = { unhealthy: 0, degraded: 1, healthy: 2 } as const;

export async function healthSummary(
  db: Database,
  tenantId: string,
  limit: number,
  now: Date,
): Promise<HealthSummary> {
  const [{ rows: totals }, { rows: listed }, counts] = await Promise.all([
    db.query<{ status: keyof typeof STATUS_ORDER; n: number; last: Date | null }>(
      `SELECT health_status AS status, count(*)::int AS n, max(last_health_check_at) AS last
         FROM connections WHERE tenant_id = $1 GROUP BY health_status`,
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
        ORDER BY CASE c.health_status WHEN 'unhealthy' THEN 0 WHEN 'degraded' THEN 1 ELSE 2 END,
                 c.last_health_check_at DESC NULLS LAST, c.id
        LIMIT $2`,
      [tenantId, limit],
    ),
    statusCounts(db, tenantId, null, new Date(now.getTime() - DAY_MS), now),
  ]);
  const count = (status: keyof typeof STATUS_ORDER) =>
    totals.find((t) => t.status === status)?.n ?? 0;
  const lastTimes = totals.map((t) => t.last).filter((t): t is Date => t != null);
  const lastCheckAt = lastTimes.length
    ? new Date(Math.max(...lastTimes.map((t) => new Date(t).getTime())))
    : null;
  const connections: HealthSummaryConnection[] = listed.map((r) => {
    let error: string | undefined;
    if (r.health_status !== 'healthy') {
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
    totalConnections: count('healthy') + count('degraded') + count('unhealthy'),
    healthy: count('healthy'),
    degraded: count('degraded'),
    unhealthy: count('unhealthy'),
    lastCheckAt: lastCheckAt ? lastCheckAt.toISOString() : null,
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
  if (query.cursor) {
    const at = decodeCursor(query.cursor, (id) => fromPublicId('healthEvent', id));
    params.push(at.createdAt, at.id);
    where.push(`(e.created_at, e.id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(query.limit + 1);
  const { rows } = await db.query<{
    id: string;
    connection_id: string;
    connection_name: string;
    health_check_id: string | null;
    from_status: HealthEvent['fromStatus'];
    to_status: HealthEvent['toStatus'];
    reasons: HealthReason[];
    created_at: Date;
  }>(
    `SELECT e.id, e.connection_id, c.name AS connection_name, e.health_check_id, e.from_status,
            e.to_status, e.reasons, e.created_at
       FROM health_events e JOIN connections c ON c.id = e.connection_id
      WHERE ${where.join(' AND ')}
      ORDER BY e.created_at DESC, e.id DESC LIMIT $${params.length}`,
    params,
  );
  return paginate(
    rows,
    query.limit,
    (r): HealthEvent => ({
      id: toPublicId('healthEvent', r.id),
      connectionId: toPublicId('connection', r.connection_id),
      connectionName: r.connection_name,
      healthCheckId: r.health_check_id ? toPublicId('healthCheck', r.health_check_id) : undefined,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      reasons: r.reasons,
      createdAt: toIso(r.created_at)!,
    }),
    (r) => toPublicId('healthEvent', r.id),
  );
}
