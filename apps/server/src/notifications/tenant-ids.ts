import type { Database } from '../db/database';
import { validationError } from '../errors';
import { fromPublicId } from '../ids';

const TABLES = { integration: 'integrations', connection: 'connections' } as const;

/**
 * Public ids of the tenant's integrations or connections → uuids, deduplicated. A foreign,
 * deleted or malformed id is a 400 naming its position (`scope.connectionIds.2`), not a filter
 * that silently never matches.
 */
export async function resolveTenantIds(
  db: Database,
  tenantId: string,
  kind: keyof typeof TABLES,
  ids: readonly string[] | undefined,
  field: string,
): Promise<string[]> {
  if (!ids || ids.length === 0) return [];
  const uuids = ids.map((id) => fromPublicId(kind, id));
  const wanted = [...new Set(uuids.filter((u): u is string => u !== null))];
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${TABLES[kind]} WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`,
    [tenantId, wanted],
  );
  const found = new Set(rows.map((r) => r.id));
  const missing = uuids.findIndex((u) => u === null || !found.has(u));
  if (missing !== -1) throw validationError(`${field}.${missing}`, `no such ${kind}`);
  return wanted;
}
