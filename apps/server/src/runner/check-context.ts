import type {
  ApiKeyPlacement,
  AuthType,
  BreakerState,
  CredentialSnapshot,
  CredentialType,
  HealthCheckConfig,
  HttpMethod,
} from '@waygate/health-core';
import { CHECK_CONTEXT_SELECT, type CheckContextRow } from '../db/check-context-row';
import { type Database, toDate, toDateArray } from '../db/database';
import { readHealthCheckConfig } from '../db/stored-health-check-config';
import { toPublicId } from '../ids';

export interface CheckAction {
  /** Public id (`act_…`), as overrides and selection compare it. */
  id: string;
  uuid: string;
  name: string;
  method: HttpMethod;
  path: string;
  tags: string[];
  parameters: { name: string; in: 'path' | 'query'; required: boolean }[];
}

/** Everything one check needs, loaded up front so executing it touches no database. */
export interface CheckContext {
  tenantId: string;
  connectionId: string;
  connection: {
    credentialType: CredentialType | null;
    credentialsCiphertext: string | null;
    credentialExpiresAt: Date | null;
    credentialNeedsReauth: boolean;
    /** Public id of the per-connection test action override. */
    healthCheckTestActionId: string | null;
    breaker: BreakerState;
    recentFailureTimes: Date[];
  };
  integration: {
    id: string;
    baseUrl: string;
    authType: AuthType;
    apiKeyPlacement: ApiKeyPlacement | null;
    healthCheckConfig: HealthCheckConfig;
  };
  /** The integration's actions, oldest first ("first GET" means first created). */
  actions: CheckAction[];
  /** The connection's 7-day test-action p95 (ms), set when its integration enables the
   * baseline rule (baseline/latency-baseline.ts); absent or null: no baseline. */
  latencyBaselineMs?: number | null;
}

const optionalDate = (value: Date | string | null) => (value == null ? null : toDate(value));

type IntegrationPart = Pick<CheckContext, 'integration' | 'actions'>;

/** The integration half of a context (config parsed, ids encoded), built once per integration. */
function integrationPart(row: CheckContextRow): IntegrationPart {
  const rawActions = (typeof row.actions === 'string' ? JSON.parse(row.actions) : row.actions) as {
    id: string;
    name: string;
    method: HttpMethod;
    path: string;
    tags: string[] | null;
    parameters: CheckAction['parameters'] | null;
  }[];
  return {
    integration: {
      id: toPublicId('integration', row.integration_id),
      baseUrl: row.base_url,
      authType: row.auth_type,
      apiKeyPlacement: row.api_key_placement,
      healthCheckConfig: readHealthCheckConfig(row.health_check_config),
    },
    actions: rawActions.map((a) => ({
      id: toPublicId('action', a.id),
      uuid: a.id,
      name: a.name,
      method: a.method,
      path: a.path,
      tags: a.tags ?? [],
      parameters: a.parameters ?? [],
    })),
  };
}

/**
 * Maps a row to a check context. A claim of hundreds of rows shares a few integrations: pass one
 * `integrations` map for the batch and each integration is parsed once, not once per row.
 */
export function toCheckContext(
  row: CheckContextRow,
  integrations: Map<string, IntegrationPart> = new Map(),
): CheckContext {
  let shared = integrations.get(row.integration_id);
  if (!shared) {
    shared = integrationPart(row);
    integrations.set(row.integration_id, shared);
  }
  return {
    tenantId: row.tenant_id,
    connectionId: row.id,
    connection: {
      credentialType: row.credential_type,
      credentialsCiphertext: row.credentials_ciphertext,
      credentialExpiresAt: optionalDate(row.credential_expires_at),
      credentialNeedsReauth: row.credential_needs_reauth,
      healthCheckTestActionId: row.health_check_test_action_id
        ? toPublicId('action', row.health_check_test_action_id)
        : null,
      breaker: {
        status: row.breaker_status,
        consecutiveFailures: row.consecutive_failures,
        openedAt:
          row.breaker_opened_at == null ? null : toDate(row.breaker_opened_at).toISOString(),
      },
      recentFailureTimes: toDateArray(row.recent_failure_times),
    },
    ...shared,
  };
}

/** Loads check contexts by connection uuid (tenant-scoped when `tenantId` is given). */
export async function loadCheckContexts(
  db: Database,
  connectionIds: readonly string[],
  tenantId?: string,
): Promise<CheckContext[]> {
  if (connectionIds.length === 0) return [];
  const { rows } = await db.query<CheckContextRow>(
    `SELECT ${CHECK_CONTEXT_SELECT}
       FROM connections c JOIN integrations i ON i.id = c.integration_id
      WHERE c.id = ANY($1::uuid[])${tenantId ? ' AND c.tenant_id = $2' : ''}`,
    tenantId ? [connectionIds, tenantId] : [connectionIds],
  );
  const integrations = new Map<string, IntegrationPart>();
  return rows.map((row) => toCheckContext(row, integrations));
}

/** What credential evaluation sees: facts only, no secret. */
export function credentialSnapshot(context: CheckContext): CredentialSnapshot | null {
  if (context.integration.authType === 'none') return { type: 'none' };
  const { credentialType, credentialsCiphertext } = context.connection;
  if (!credentialType || !credentialsCiphertext) return null;
  return {
    type: credentialType,
    expiresAt: context.connection.credentialExpiresAt,
    needsReauth: context.connection.credentialNeedsReauth,
  };
}
