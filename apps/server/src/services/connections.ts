import {
  type Connection,
  type ConnectionDetail,
  type CreateConnectionInput,
  type CredentialsInput,
  evaluateCredential,
  type HealthReason,
  HealthReason as HealthReasonSchema,
  selectTestAction,
  type UpdateConnectionInput,
  uptimeFromBuckets,
} from '@waygate/health-core';
import type { z } from 'zod';
import { type CredentialCipher, connectionCredentialAad } from '../crypto/credential-cipher';
import { type Database, isStorableTime, toIso } from '../db/database';
import { notFound, validationError } from '../errors';
import { fromPublicId, newUuid, toPublicId } from '../ids';
import { markMaintenance } from '../notifications/maintenance/maintenance-scope';
import { rollupStatusCounts } from '../rollups/read-rollups';
import { loadCheckContexts } from '../runner/check-context';
import { latestHealthCheck } from './health-checks';
import { getIntegrationRow, requireActionOfIntegration } from './integrations';
import { windowStart } from './metrics';
import { listPage, publicIds } from './pagination';

export interface ConnectionRow {
  id: string;
  tenant_id: string;
  integration_id: string;
  integration_name: string;
  integration_auth_type: string;
  name: string;
  status: Connection['status'];
  credential_type: NonNullable<Connection['credentialType']> | null;
  has_credentials: boolean;
  credential_expires_at: Date | null;
  credential_needs_reauth: boolean;
  health_check_test_action_id: string | null;
  health_status: Connection['healthStatus'];
  health_reasons: string[];
  last_health_check_at: Date | null;
  last_health_check_id: string | null;
  breaker_status: Connection['circuitBreakerStatus'];
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

/** Never selects the ciphertext: rows read for responses cannot carry a secret. */
const CONNECTION_SELECT = `
  c.id, c.tenant_id, c.integration_id, i.name AS integration_name, i.auth_type AS integration_auth_type,
  c.name, c.status, c.credential_type, c.credentials_ciphertext IS NOT NULL AS has_credentials,
  c.credential_expires_at, c.credential_needs_reauth, c.health_check_test_action_id,
  c.health_status, c.health_reasons, c.last_health_check_at, c.last_health_check_id,
  c.breaker_status, c.consecutive_failures, c.created_at, c.updated_at`;
const CONNECTION_FROM = 'connections c JOIN integrations i ON i.id = c.integration_id';

export function toConnection(row: ConnectionRow, now: Date): Connection {
  const snapshot =
    row.integration_auth_type === 'none'
      ? ({ type: 'none' } as const)
      : row.credential_type &&
          row.has_credentials &&
          row.credential_type === row.integration_auth_type
        ? {
            type: row.credential_type,
            expiresAt: row.credential_expires_at,
            needsReauth: row.credential_needs_reauth,
          }
        : null;
  const credential = evaluateCredential(snapshot, now);
  return {
    id: toPublicId('connection', row.id),
    integrationId: toPublicId('integration', row.integration_id),
    integrationName: row.integration_name,
    name: row.name,
    status: row.status,
    credentialType: row.has_credentials && row.credential_type ? row.credential_type : undefined,
    credentialStatus: credential.status,
    credentialExpiresAt: credential.expiresAt ?? undefined,
    healthStatus: row.health_status,
    healthReasons: row.health_reasons.filter(
      (r): r is HealthReason => HealthReasonSchema.safeParse(r).success,
    ),
    lastHealthCheckAt: toIso(row.last_health_check_at),
    lastHealthCheckId: row.last_health_check_id
      ? toPublicId('healthCheck', row.last_health_check_id)
      : undefined,
    healthCheckTestActionId: row.health_check_test_action_id
      ? toPublicId('action', row.health_check_test_action_id)
      : undefined,
    circuitBreakerStatus: row.breaker_status,
    consecutiveFailures: row.consecutive_failures,
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

export async function getConnectionRow(
  db: Database,
  tenantId: string,
  publicId: string,
): Promise<ConnectionRow> {
  const id = fromPublicId('connection', publicId);
  if (!id) throw notFound('Connection');
  const { rows } = await db.query<ConnectionRow>(
    `SELECT ${CONNECTION_SELECT} FROM ${CONNECTION_FROM} WHERE c.id = $1 AND c.tenant_id = $2`,
    [id, tenantId],
  );
  if (!rows[0]) throw notFound('Connection');
  return rows[0];
}

/** The expiry stored next to the ciphertext (evaluated without decrypting). */
function credentialExpiry(credentials: CredentialsInput | null | undefined): Date | null {
  if (credentials?.type !== 'oauth2' || !credentials.expiresAt) return null;
  const at = new Date(credentials.expiresAt);
  if (!isStorableTime(at)) {
    throw validationError('credentials.expiresAt', 'must be a date between 1970 and 9999');
  }
  return at;
}

function checkCredentialType(authType: string, credentials: CredentialsInput | null | undefined) {
  if (!credentials) return;
  if (authType === 'none') {
    throw validationError('credentials', 'this integration takes no credentials (authType none)');
  }
  if (credentials.type !== authType) {
    throw validationError('credentials.type', `must be "${authType}" for this integration`);
  }
}

export interface ConnectionDeps {
  db: Database;
  cipher: CredentialCipher;
}

export async function createConnection(
  { db, cipher }: ConnectionDeps,
  tenantId: string,
  input: z.output<typeof CreateConnectionInput>,
  now: Date,
): Promise<Connection> {
  return db.transaction(async (tx) => {
    const integration = await getIntegrationRow(tx, tenantId, input.integrationId).catch(() => {
      throw notFound('Integration', 'integrationId');
    });
    checkCredentialType(integration.auth_type, input.credentials);
    const id = newUuid(now);
    const testActionId = input.healthCheckTestActionId
      ? await requireActionOfIntegration(
          tx,
          integration.id,
          input.healthCheckTestActionId,
          'healthCheckTestActionId',
        )
      : null;
    const credentials = input.credentials ?? null;
    const ciphertext = credentials
      ? cipher.encrypt(credentials, connectionCredentialAad(tenantId, id))
      : null;
    await tx.query(
      `INSERT INTO connections (id, tenant_id, integration_id, name, status, credential_type,
         credentials_ciphertext, credential_expires_at, health_check_test_action_id,
         next_check_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, $10)`,
      [
        id,
        tenantId,
        integration.id,
        input.name,
        input.status,
        credentials?.type ?? null,
        ciphertext,
        credentialExpiry(credentials),
        testActionId,
        now,
      ],
    );
    return toConnection(await getConnectionRow(tx, tenantId, toPublicId('connection', id)), now);
  });
}

export async function listConnections(
  db: Database,
  tenantId: string,
  query: { limit: number; cursor?: string; healthStatus?: string; integrationId?: string },
  now: Date,
) {
  const params: unknown[] = [tenantId];
  const where = ['c.tenant_id = $1'];
  if (query.healthStatus) {
    params.push(query.healthStatus);
    where.push(`c.health_status = $${params.length}`);
  }
  if (query.integrationId) {
    // A malformed id matches nothing; the schema has already checked the prefix.
    params.push(
      fromPublicId('integration', query.integrationId) ?? '00000000-0000-0000-0000-000000000000',
    );
    where.push(`c.integration_id = $${params.length}`);
  }
  const page = await listPage(db, {
    select: CONNECTION_SELECT,
    from: CONNECTION_FROM,
    alias: 'c',
    where,
    params,
    query,
    ids: publicIds('connection'),
    toItem: (row: ConnectionRow) => toConnection(row, now),
  });
  return { ...page, data: await markMaintenance(db, tenantId, now, page.data) };
}

/** The detail view of a connection already read (once, by the route's middleware). */
export async function getConnectionDetail(
  db: Database,
  row: ConnectionRow,
  now: Date,
): Promise<ConnectionDetail> {
  const tenantId = row.tenant_id;
  const [connection] = await markMaintenance(db, tenantId, now, [toConnection(row, now)]);
  if (!connection) throw notFound('Connection', 'id');
  const [context] = await loadCheckContexts(db, [row.id], tenantId);
  const selection = context
    ? selectTestAction(context.actions, {
        connectionTestActionId: context.connection.healthCheckTestActionId,
        integrationTestActionId: context.integration.healthCheckConfig.testActionId ?? null,
      })
    : null;
  const [day, week, lastHealthCheck] = await Promise.all([
    rollupStatusCounts(db, tenantId, row.id, windowStart(now, '24h'), now),
    rollupStatusCounts(db, tenantId, row.id, windowStart(now, '7d'), now),
    latestHealthCheck(db, tenantId, row.id),
  ]);
  return {
    ...connection,
    healthSummary: {
      status: connection.healthStatus,
      reasons: connection.healthReasons,
      uptimeLast24h: uptimeFromBuckets([day]).uptimePercent,
      uptimeLast7d: uptimeFromBuckets([week]).uptimePercent,
      testAction:
        selection?.action != null
          ? {
              id: selection.action.id,
              name: selection.action.name,
              method: selection.action.method,
              path: selection.action.path,
              rule: selection.rule,
            }
          : null,
    },
    lastHealthCheck,
  };
}

/**
 * Updates a connection already read by the route. Inside the transaction only its mutable state
 * (`status`) is read again, under the row lock; the rest of `row` (integration, auth type) cannot
 * change through the API.
 */
export async function updateConnection(
  { db, cipher }: ConnectionDeps,
  row: ConnectionRow,
  input: z.output<typeof UpdateConnectionInput>,
  now: Date,
): Promise<Connection> {
  const tenantId = row.tenant_id;
  const publicId = toPublicId('connection', row.id);
  return db.transaction(async (tx) => {
    const { rows: locked } = await tx.query<{ status: ConnectionRow['status'] }>(
      'SELECT status FROM connections WHERE id = $1 AND tenant_id = $2 FOR UPDATE',
      [row.id, tenantId],
    );
    const current = locked[0];
    if (!current) throw notFound('Connection');
    const sets: string[] = ['updated_at = $3'];
    const params: unknown[] = [row.id, tenantId, now];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (input.name !== undefined) set('name', input.name);
    if (input.status !== undefined) set('status', input.status);
    let dueNow = false;
    if (input.credentials !== undefined) {
      checkCredentialType(row.integration_auth_type, input.credentials);
      const credentials = input.credentials;
      set('credential_type', credentials?.type ?? null);
      set(
        'credentials_ciphertext',
        credentials ? cipher.encrypt(credentials, connectionCredentialAad(tenantId, row.id)) : null,
      );
      set('credential_expires_at', credentialExpiry(credentials));
      set('credential_needs_reauth', false);
      // New credentials deserve a fresh start: the breaker opened on the old ones.
      set('breaker_status', 'closed');
      set('breaker_opened_at', null);
      set('consecutive_failures', 0);
      dueNow = true;
    }
    if (input.healthCheckTestActionId !== undefined) {
      const actionId = input.healthCheckTestActionId
        ? await requireActionOfIntegration(
            tx,
            row.integration_id,
            input.healthCheckTestActionId,
            'healthCheckTestActionId',
          )
        : null;
      set('health_check_test_action_id', actionId);
      dueNow = true;
    }
    if (input.status === 'active' && current.status !== 'active') dueNow = true;
    // What the check does changed: due at once (the scheduler treats NULL as "due now").
    if (dueNow) sets.push('next_check_at = NULL');
    await tx.query(
      `UPDATE connections SET ${sets.join(', ')} WHERE id = $1 AND tenant_id = $2`,
      params,
    );
    return toConnection(await getConnectionRow(tx, tenantId, publicId), now);
  });
}

export async function deleteConnection(db: Database, row: ConnectionRow): Promise<void> {
  const tenantId = row.tenant_id;
  await db.transaction(async (tx) => {
    // History has no foreign key (it is partitioned and append-only): remove it explicitly.
    await tx.query('DELETE FROM health_checks WHERE connection_id = $1 AND tenant_id = $2', [
      row.id,
      tenantId,
    ]);
    await tx.query('DELETE FROM connections WHERE id = $1 AND tenant_id = $2', [row.id, tenantId]);
  });
}
