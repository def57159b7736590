import type { Action, ActionParameter, CreateActionInput } from '@waygate/health-core';
import type { z } from 'zod';
import { decodeCursor } from '../cursor';
import { type Database, toIso } from '../db/database';
import { fromPublicId, newUuid, toPublicId } from '../ids';
import { getIntegrationRow } from './integrations';
import { paginate } from './pagination';

export interface ActionRow {
  id: string;
  integration_id: string;
  name: string;
  method: Action['method'];
  path: string;
  tags: string[];
  parameters: ActionParameter[];
  created_at: Date;
}

export function toAction(row: ActionRow): Action {
  return {
    id: toPublicId('action', row.id),
    integrationId: toPublicId('integration', row.integration_id),
    name: row.name,
    method: row.method,
    path: row.path,
    tags: row.tags,
    parameters: row.parameters,
    createdAt: toIso(row.created_at)!,
  };
}

export async function createAction(
  db: Database,
  tenantId: string,
  integrationPublicId: string,
  input: z.output<typeof CreateActionInput>,
  now: Date,
): Promise<Action> {
  return db.transaction(async (tx) => {
    const integration = await getIntegrationRow(tx, tenantId, integrationPublicId);
    const { rows } = await tx.query<ActionRow>(
      `INSERT INTO actions (id, tenant_id, integration_id, name, method, path, tags, parameters, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8::jsonb, $9) RETURNING *`,
      [
        newUuid(now),
        tenantId,
        integration.id,
        input.name,
        input.method,
        input.path,
        input.tags,
        JSON.stringify(input.parameters),
        now,
      ],
    );
    // A new action can change which action the implicit selection rules pick.
    await tx.query('UPDATE connections SET next_check_at = NULL WHERE integration_id = $1', [
      integration.id,
    ]);
    return toAction(rows[0]!);
  });
}

export async function listActions(
  db: Database,
  tenantId: string,
  integrationPublicId: string,
  query: { limit: number; cursor?: string },
) {
  const integration = await getIntegrationRow(db, tenantId, integrationPublicId);
  const params: unknown[] = [integration.id, tenantId, query.limit + 1];
  let where = 'integration_id = $1 AND tenant_id = $2';
  if (query.cursor) {
    const at = decodeCursor(query.cursor, (id) => fromPublicId('action', id));
    params.push(at.createdAt, at.id);
    where += ' AND (created_at, id) < ($4, $5)';
  }
  const { rows } = await db.query<ActionRow>(
    `SELECT * FROM actions WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $3`,
    params,
  );
  return paginate(rows, query.limit, toAction, (r) => toPublicId('action', r.id));
}
