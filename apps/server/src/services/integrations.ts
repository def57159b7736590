import {
  type CreateIntegrationInput,
  HealthCheckConfig,
  type Integration,
  type UpdateIntegrationInput,
} from '@waygate/health-core';
import type { z } from 'zod';
import { type Database, toIso } from '../db/database';
import { readHealthCheckConfig } from '../db/stored-health-check-config';
import { AppError, notFound, validationError } from '../errors';
import { fromPublicId, newUuid, toPublicId } from '../ids';
import { listPage, publicIds } from './pagination';

export interface IntegrationRow {
  id: string;
  tenant_id: string;
  name: string;
  base_url: string;
  status: Integration['status'];
  auth_type: Integration['authType'];
  api_key_placement: Integration['apiKeyPlacement'] | null;
  health_check_config: unknown;
  created_at: Date;
  updated_at: Date;
}

export function toIntegration(row: IntegrationRow): Integration {
  return {
    id: toPublicId('integration', row.id),
    name: row.name,
    baseUrl: row.base_url,
    status: row.status,
    authType: row.auth_type,
    apiKeyPlacement: row.api_key_placement ?? undefined,
    healthCheckConfig: readHealthCheckConfig(row.health_check_config),
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

export async function createIntegration(
  db: Database,
  tenantId: string,
  input: z.output<typeof CreateIntegrationInput>,
  now: Date,
): Promise<Integration> {
  const id = newUuid(now);
  // A testActionId cannot belong to an integration that does not exist yet.
  if (input.healthCheckConfig?.testActionId) {
    throw validationError(
      'healthCheckConfig.testActionId',
      'must be an action of this integration',
    );
  }
  const config = HealthCheckConfig.parse(input.healthCheckConfig ?? {});
  const { rows } = await db.query<IntegrationRow>(
    `INSERT INTO integrations (id, tenant_id, name, base_url, status, auth_type, api_key_placement,
       health_check_config, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *`,
    [
      id,
      tenantId,
      input.name,
      input.baseUrl,
      input.status,
      input.authType,
      input.apiKeyPlacement ? JSON.stringify(input.apiKeyPlacement) : null,
      JSON.stringify(config),
      now,
    ],
  );
  return toIntegration(rows[0]!);
}

export async function getIntegrationRow(
  db: Database,
  tenantId: string,
  publicId: string,
  options: { forUpdate?: boolean } = {},
): Promise<IntegrationRow> {
  const id = fromPublicId('integration', publicId);
  if (!id) throw notFound('Integration');
  const { rows } = await db.query<IntegrationRow>(
    `SELECT * FROM integrations WHERE id = $1 AND tenant_id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id, tenantId],
  );
  if (!rows[0]) throw notFound('Integration');
  return rows[0];
}

export async function listIntegrations(
  db: Database,
  tenantId: string,
  query: { limit: number; cursor?: string },
) {
  return listPage(db, {
    from: 'integrations',
    where: ['tenant_id = $1'],
    params: [tenantId],
    query,
    ids: publicIds('integration'),
    toItem: toIntegration,
  });
}

/** Checks that `actionPublicId` names an action of the integration; returns its uuid. */
export async function requireActionOfIntegration(
  db: Database,
  integrationId: string,
  actionPublicId: string,
  field: string,
): Promise<string> {
  const actionId = fromPublicId('action', actionPublicId);
  const { rows } = actionId
    ? await db.query<{ id: string }>(
        'SELECT id FROM actions WHERE id = $1 AND integration_id = $2',
        [actionId, integrationId],
      )
    : { rows: [] };
  if (!rows[0]) throw validationError(field, 'must be an action of this integration');
  return rows[0].id;
}

export async function updateIntegration(
  db: Database,
  tenantId: string,
  publicId: string,
  input: z.output<typeof UpdateIntegrationInput>,
  now: Date,
): Promise<Integration> {
  return db.transaction(async (tx) => {
    const row = await getIntegrationRow(tx, tenantId, publicId, { forUpdate: true });
    const current = readHealthCheckConfig(row.health_check_config);
    const patch = input.healthCheckConfig;
    const config: HealthCheckConfig = { ...current };
    if (patch?.enabled !== undefined) config.enabled = patch.enabled;
    if (patch?.intervalMinutes !== undefined) config.intervalMinutes = patch.intervalMinutes;
    if (patch?.alertAfterChecks !== undefined) config.alertAfterChecks = patch.alertAfterChecks;
    if (patch?.latencyBaseline !== undefined) config.latencyBaseline = patch.latencyBaseline;
    if (patch && 'testActionId' in patch && patch.testActionId !== undefined) {
      if (patch.testActionId === null) delete config.testActionId;
      else {
        await requireActionOfIntegration(
          tx,
          row.id,
          patch.testActionId,
          'healthCheckConfig.testActionId',
        );
        config.testActionId = patch.testActionId;
      }
    }
    const authType = input.authType ?? row.auth_type;
    let placement =
      input.apiKeyPlacement === undefined ? row.api_key_placement : input.apiKeyPlacement;
    if (authType !== 'api_key') {
      if (input.apiKeyPlacement) {
        throw validationError('apiKeyPlacement', 'only allowed when authType is api_key');
      }
      placement = null;
    } else if (!placement) {
      throw validationError('apiKeyPlacement', 'required when authType is api_key');
    }
    const { rows } = await tx.query<IntegrationRow>(
      `UPDATE integrations SET name = $3, base_url = $4, status = $5, auth_type = $6,
         api_key_placement = $7, health_check_config = $8, updated_at = $9
       WHERE id = $1 AND tenant_id = $2 RETURNING *`,
      [
        row.id,
        tenantId,
        input.name ?? row.name,
        input.baseUrl ?? row.base_url,
        input.status ?? row.status,
        authType,
        placement ? JSON.stringify(placement) : null,
        JSON.stringify(config),
        now,
      ],
    );
    // What a check calls changed: its connections are due at once instead of at their next slot.
    const targetChanged =
      config.testActionId !== current.testActionId ||
      (input.baseUrl !== undefined && input.baseUrl !== row.base_url) ||
      authType !== row.auth_type ||
      JSON.stringify(placement) !== JSON.stringify(row.api_key_placement);
    if (targetChanged) {
      await tx.query(
        'UPDATE connections SET next_check_at = NULL WHERE integration_id = $1 AND tenant_id = $2',
        [row.id, tenantId],
      );
    }
    return toIntegration(rows[0]!);
  });
}

export async function deleteIntegration(
  db: Database,
  tenantId: string,
  publicId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await getIntegrationRow(tx, tenantId, publicId, { forUpdate: true });
    const { rows } = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM connections WHERE integration_id = $1',
      [row.id],
    );
    if ((rows[0]?.n ?? 0) > 0) {
      throw new AppError('CONFLICT', 'Delete the connections of this integration first', {
        connections: rows[0]?.n,
      });
    }
    await tx.query('DELETE FROM integrations WHERE id = $1 AND tenant_id = $2', [row.id, tenantId]);
  });
}
