import type { Connection } from '@waygate/health-core';
import type { Database } from '../../db/database';
import { toPublicId } from '../../ids';
import { activeMaintenanceScope } from './maintenance-calendar';

/**
 * Sets `inMaintenance` on connections as read now: true while a window covering the connection
 * (the whole tenant, it, or its integration) is in progress. Windows come from the per-process
 * calendar, so this costs no query when the calendar is fresh.
 */
export async function markMaintenance<C extends Pick<Connection, 'id' | 'integrationId'>>(
  db: Database,
  tenantId: string,
  now: Date,
  connections: C[],
): Promise<(C & { inMaintenance: boolean })[]> {
  const scope = await activeMaintenanceScope(db, tenantId, now);
  const connectionIds = new Set(scope.connectionIds.map((id) => toPublicId('connection', id)));
  const integrationIds = new Set(scope.integrationIds.map((id) => toPublicId('integration', id)));
  return connections.map((c) => ({
    ...c,
    inMaintenance:
      scope.tenantWide || connectionIds.has(c.id) || integrationIds.has(c.integrationId),
  }));
}

/** How many of the tenant's connections a window covers right now (the summary's count). */
export async function countInMaintenance(
  db: Database,
  tenantId: string,
  now: Date,
): Promise<number> {
  const scope = await activeMaintenanceScope(db, tenantId, now);
  if (!scope.tenantWide && scope.connectionIds.length === 0 && scope.integrationIds.length === 0) {
    return 0;
  }
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM connections
      WHERE tenant_id = $1
        AND ($2 OR id = ANY ($3::uuid[]) OR integration_id = ANY ($4::uuid[]))`,
    [tenantId, scope.tenantWide, scope.connectionIds, scope.integrationIds],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Whether a badge's target is in maintenance now: a connection covered by a window (itself, its
 * integration or the whole tenant), or an integration covered as a whole.
 */
export async function targetInMaintenance(
  db: Database,
  tenantId: string,
  target: { kind: 'connection' | 'integration'; id: string },
  now: Date,
): Promise<boolean> {
  const scope = await activeMaintenanceScope(db, tenantId, now);
  if (scope.tenantWide) return true;
  if (target.kind === 'integration') return scope.integrationIds.includes(target.id);
  if (scope.connectionIds.includes(target.id)) return true;
  if (scope.integrationIds.length === 0) return false;
  const { rows } = await db.query<{ integration_id: string }>(
    'SELECT integration_id FROM connections WHERE id = $1 AND tenant_id = $2',
    [target.id, tenantId],
  );
  return rows[0] !== undefined && scope.integrationIds.includes(rows[0].integration_id);
}
