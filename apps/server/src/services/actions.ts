import type { Action, ActionParameter, CreateActionInput } from '@waygate/health-core';
import type { z } from 'zod';
import { type Database, toIso } from '../db/database';
import { newUuid, toPublicId } from '../ids';
import { getIntegrationRow } from './integrations';
import { listPage, publicIds } from './pagination';

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
  return listPage(db, {
    from: 'actions',
    where: ['integration_id = $1', 'tenant_id = $2'],
    params: [integration.id, tenantId],
    query,
    ids: publicIds('action'),
    toItem: toAction,
  });
}
