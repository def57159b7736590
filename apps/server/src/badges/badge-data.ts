import { type HealthCheckStatus, type UptimeWindow, uptimeFromBuckets } from '@waygate/health-core';
import type { Database } from '../db/database';
import { targetInMaintenance } from '../notifications/maintenance/maintenance-scope';
import { rollupStatusCounts } from '../rollups/read-rollups';
import { windowStart } from '../services/metrics';
import { type StatusBadgeInput, statusBadgeContent, uptimeBadgeContent } from './badge-content';
import type { BadgeTarget } from './badge-tokens';
import type { BadgeContent } from './render-badge';

interface Resolved {
  tenantId: string;
  target: BadgeTarget;
}

/**
 * The status behind a badge: a connection's current status, or an integration's worst status
 * among its checked connections (never-checked ones do not count, as in the summary). Null when
 * the target is gone (deleted between the token lookup and now).
 */
async function statusInput(db: Database, { tenantId, target }: Resolved) {
  if (target.kind === 'connection') {
    const { rows } = await db.query<{
      name: string;
      health_status: HealthCheckStatus;
      last_health_check_at: Date | null;
    }>(
      `SELECT name, health_status, last_health_check_at FROM connections
        WHERE id = $1 AND tenant_id = $2`,
      [target.id, tenantId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      name: row.name,
      status: row.last_health_check_at === null ? null : row.health_status,
    } satisfies StatusBadgeInput;
  }
  const { rows } = await db.query<{ name: string; worst: HealthCheckStatus | null }>(
    `SELECT i.name,
            CASE WHEN bool_or(c.health_status = 'unhealthy') THEN 'unhealthy'
                 WHEN bool_or(c.health_status = 'degraded') THEN 'degraded'
                 WHEN bool_or(c.health_status = 'healthy') THEN 'healthy' END AS worst
       FROM integrations i
       LEFT JOIN connections c ON c.integration_id = i.id AND c.tenant_id = i.tenant_id
                              AND c.last_health_check_at IS NOT NULL
      WHERE i.id = $1 AND i.tenant_id = $2
      GROUP BY i.id, i.name`,
    [target.id, tenantId],
  );
  const row = rows[0];
  if (!row) return null;
  return { name: row.name, status: row.worst } satisfies StatusBadgeInput;
}

/** Status badge content for a resolved token, or null when its target no longer exists. */
export async function statusBadge(
  db: Database,
  resolved: Resolved,
  now: Date = new Date(),
): Promise<BadgeContent | null> {
  const input = await statusInput(db, resolved);
  if (!input) return null;
  // Decisions: the badge shows "Maintenance" from the flag (src/notifications/maintenance).
  const inMaintenance = await targetInMaintenance(db, resolved.tenantId, resolved.target, now);
  return statusBadgeContent({ ...input, inMaintenance });
}

/**
 * Uptime badge content over a window, from the hourly rollups (the same counts and rounding as
 * `GET /connections/:id/uptime`); an integration's uptime adds up all its connections' checks.
 */
export async function uptimeBadge(
  db: Database,
  resolved: Resolved,
  window: UptimeWindow,
  now: Date,
): Promise<BadgeContent | null> {
  const { tenantId, target } = resolved;
  const { rows } = await db.query<{ name: string; connection_ids: string[] | string | null }>(
    target.kind === 'connection'
      ? `SELECT name, ARRAY[id] AS connection_ids FROM connections WHERE id = $1 AND tenant_id = $2`
      : `SELECT i.name, array_remove(array_agg(c.id), NULL) AS connection_ids
           FROM integrations i
           LEFT JOIN connections c ON c.integration_id = i.id AND c.tenant_id = i.tenant_id
          WHERE i.id = $1 AND i.tenant_id = $2
          GROUP BY i.id, i.name`,
    [target.id, tenantId],
  );
  const row = rows[0];
  if (!row) return null;
  const from = windowStart(now, window);
  const counts = [];
  // A driver may hand a uuid[] back as `{…}` text.
  const ids =
    typeof row.connection_ids === 'string'
      ? row.connection_ids
          .replace(/^\{|\}$/g, '')
          .split(',')
          .filter(Boolean)
      : (row.connection_ids ?? []);
  for (const id of ids) {
    counts.push(await rollupStatusCounts(db, tenantId, String(id), from, now));
  }
  return uptimeBadgeContent({
    name: row.name,
    window,
    uptimePercent: uptimeFromBuckets(counts).uptimePercent,
  });
}
