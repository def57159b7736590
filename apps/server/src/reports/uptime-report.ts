import {
  type HealthCheckStatus,
  MAX_REPORT_DAYS,
  type ReportGranularity,
  type UptimeReport,
  type UptimeReportRow,
  uptimeFromBuckets,
} from '@waygate/health-core';
import { clampQueryTime, type Database, toDate } from '../db/database';
import { notFound, validationError } from '../errors';
import { fromPublicId, toPublicId } from '../ids';
import { readRollups } from '../rollups/read-rollups';
import {
  outageMinutes,
  reportPeriods,
  type StatusChange,
  unhealthyIntervals,
} from './outage-intervals';

const DAY_MS = 86_400_000;

export interface UptimeReportRequest {
  from: string;
  to: string;
  granularity: ReportGranularity;
  connectionId?: string;
  integrationId?: string;
}

interface ReportConnection {
  id: string;
  name: string;
  integration_name: string;
}

/** The connections a report covers: one, one integration's, or the tenant's, in a stable order. */
async function reportConnections(
  db: Database,
  tenantId: string,
  request: UptimeReportRequest,
): Promise<ReportConnection[]> {
  const params: unknown[] = [tenantId];
  const where = ['c.tenant_id = $1'];
  if (request.connectionId) {
    const id = fromPublicId('connection', request.connectionId);
    if (!id) throw notFound('Connection', 'connectionId');
    params.push(id);
    where.push(`c.id = $${params.length}`);
  }
  if (request.integrationId) {
    const id = fromPublicId('integration', request.integrationId);
    if (!id) throw notFound('Integration', 'integrationId');
    const { rows } = await db.query('SELECT 1 FROM integrations WHERE id = $1 AND tenant_id = $2', [
      id,
      tenantId,
    ]);
    if (rows.length === 0) throw notFound('Integration', 'integrationId');
    params.push(id);
    where.push(`c.integration_id = $${params.length}`);
  }
  const { rows } = await db.query<ReportConnection>(
    `SELECT c.id, c.name, i.name AS integration_name
       FROM connections c JOIN integrations i ON i.id = c.integration_id
      WHERE ${where.join(' AND ')}
      ORDER BY i.name, c.name, c.id`,
    params,
  );
  if (request.connectionId && rows.length === 0) throw notFound('Connection', 'connectionId');
  return rows;
}

/**
 * Each connection's status changes inside [start, end) plus its last change before `start` (its
 * status when the range opens), oldest first. One statement for all connections.
 */
async function statusChanges(
  db: Database,
  tenantId: string,
  connectionIds: string[],
  start: Date,
  end: Date,
): Promise<Map<string, { before: HealthCheckStatus | null; changes: StatusChange[] }>> {
  const result = new Map<string, { before: HealthCheckStatus | null; changes: StatusChange[] }>();
  for (const id of connectionIds) result.set(id, { before: null, changes: [] });
  if (connectionIds.length === 0) return result;
  const { rows } = await db.query<{
    connection_id: string;
    to_status: HealthCheckStatus;
    created_at: Date | string;
    is_before: boolean;
  }>(
    `SELECT e.connection_id, e.to_status, e.created_at, false AS is_before
       FROM health_events e
      WHERE e.tenant_id = $1 AND e.connection_id = ANY($2::uuid[])
        AND e.created_at >= $3 AND e.created_at < $4
     UNION ALL
     SELECT ids.id, last.to_status, last.created_at, true
       FROM unnest($2::uuid[]) AS ids(id)
       CROSS JOIN LATERAL (
         SELECT to_status, created_at FROM health_events
          WHERE connection_id = ids.id AND tenant_id = $1 AND created_at < $3
          ORDER BY created_at DESC, id DESC LIMIT 1) last
     ORDER BY 3, 1`,
    [tenantId, connectionIds, start, end],
  );
  for (const row of rows) {
    const entry = result.get(String(row.connection_id));
    if (!entry) continue;
    if (row.is_before) entry.before = row.to_status;
    else entry.changes.push({ at: toDate(row.created_at).getTime(), toStatus: row.to_status });
  }
  return result;
}

/** Parses and bounds the range: `from` before `to`, at most 400 days apart. */
function reportRange(request: UptimeReportRequest): { from: Date; to: Date } {
  const from = clampQueryTime(request.from);
  const to = clampQueryTime(request.to);
  if (to.getTime() <= from.getTime()) throw validationError('to', 'must be later than from');
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY_MS) {
    throw validationError('to', `the range may cover at most ${MAX_REPORT_DAYS} days`);
  }
  return { from, to };
}

/**
 * `GET /reports/uptime`: per connection and per UTC day or month covering [from, to), the checks
 * and uptime from the daily rollups (core's uptime rule, maintenance checks excluded as the
 * rollups exclude them), and unhealthy minutes and the longest outage from the status changes
 * (`health_events`). Periods are whole UTC days or months; the future is never counted.
 */
export async function uptimeReport(
  db: Database,
  tenantId: string,
  request: UptimeReportRequest,
  now: Date,
): Promise<UptimeReport> {
  const { from, to } = reportRange(request);
  const periods = reportPeriods(from, to, request.granularity);
  const connections = await reportConnections(db, tenantId, request);
  const rangeStart = periods[0]!.start;
  const rangeEnd = periods.at(-1)!.end;
  const changes = await statusChanges(
    db,
    tenantId,
    connections.map((c) => c.id),
    rangeStart,
    rangeEnd,
  );
  const countedUntil = Math.min(rangeEnd.getTime(), now.getTime());
  const rows: UptimeReportRow[] = [];
  for (const connection of connections) {
    // wp's read path: the daily rollups plus anything not yet rolled up, each check once.
    const days = await readRollups(db, {
      tenantId,
      connectionId: connection.id,
      granularity: 'day',
      from: rangeStart,
      to: rangeEnd,
    });
    const history = changes.get(connection.id)!;
    const outages = unhealthyIntervals(
      history.before,
      history.changes,
      rangeStart.getTime(),
      countedUntil,
    );
    for (const period of periods) {
      const inPeriod = days.filter(
        (d) => d.bucketStart >= period.start && d.bucketStart < period.end,
      );
      const uptime = uptimeFromBuckets(inPeriod);
      rows.push({
        connectionId: toPublicId('connection', connection.id),
        connectionName: connection.name,
        integrationName: connection.integration_name,
        periodStart: period.start.toISOString(),
        periodEnd: period.end.toISOString(),
        checks: uptime.totalChecks,
        uptimePercent: uptime.uptimePercent,
        ...outageMinutes(outages, period.start.getTime(), period.end.getTime()),
      });
    }
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    granularity: request.granularity,
    rows,
  };
}
