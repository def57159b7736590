import type { IdKind } from '@waygate/health-core';
import type { Database } from '../db/database';
import { notFound } from '../errors';
import { fromPublicId } from '../ids';

/** A tenant's resource addressed by public id: its table, id kind and name in a 404. */
export interface TenantTable {
  table: string;
  kind: IdKind;
  /** For the 404 message, e.g. `Webhook` → "Webhook not found" (field `id`). */
  what: string;
}

/**
 * The tenant's row with this public id, or 404 NOT_FOUND (field `id`) — the same answer for an id
 * that does not decode, one of another tenant and one that never existed, so ids cannot be probed.
 */
export async function getTenantRow<R>(
  db: Database,
  resource: TenantTable,
  columns: string,
  tenantId: string,
  publicId: string,
): Promise<R> {
  const uuid = fromPublicId(resource.kind, publicId);
  if (!uuid) throw notFound(resource.what, 'id');
  const { rows } = await db.query<R>(
    `SELECT ${columns} FROM ${resource.table} WHERE id = $1 AND tenant_id = $2`,
    [uuid, tenantId],
  );
  const row = rows[0];
  if (!row) throw notFound(resource.what, 'id');
  return row;
}

/** Deletes the tenant's row with this public id, or 404 NOT_FOUND (field `id`) as above. */
export async function deleteTenantRow(
  db: Database,
  resource: TenantTable,
  tenantId: string,
  publicId: string,
): Promise<void> {
  const uuid = fromPublicId(resource.kind, publicId);
  if (!uuid) throw notFound(resource.what, 'id');
  const { rowCount } = await db.query(
    `DELETE FROM ${resource.table} WHERE id = $1 AND tenant_id = $2`,
    [uuid, tenantId],
  );
  if (rowCount === 0) throw notFound(resource.what, 'id');
}
