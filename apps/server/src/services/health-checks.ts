import {
  type CheckError,
  CheckErrorCode,
  type HealthCheck,
  type HealthCheckStatus,
  type HealthCheckType,
} from '@waygate/health-core';
import { decodeCursor } from '../cursor';
import {
  BREAKER_STATUS_CODES,
  CHECK_TYPE_CODES,
  CREDENTIAL_STATUS_CODES,
  decodeCode,
  encodeCode,
  HEALTH_STATUS_CODES,
} from '../db/codes';
import { clampQueryTime, type Database, toIso } from '../db/database';
import { fromPublicId, toPublicId } from '../ids';
import { paginate } from './pagination';

export interface HealthCheckRow {
  created_at: Date;
  id: string;
  connection_id: string;
  tenant_id: string;
  test_action_id: string | null;
  credential_expires_at: Date | null;
  latency_ms: number;
  test_action_latency_ms: number | null;
  status: number;
  check_type: number;
  credential_status: number;
  breaker_status: number;
  test_action_status_code: number | null;
  test_action_success: boolean | null;
  error_code: string | null;
  error_message: string | null;
}

export function toHealthCheck(row: HealthCheckRow): HealthCheck {
  const failedAction = row.test_action_success === false;
  let error: CheckError | undefined;
  if (row.error_code) {
    const code = CheckErrorCode.safeParse(row.error_code);
    error = {
      code: code.success ? code.data : 'NETWORK_ERROR',
      message: row.error_message ?? '',
      ...(failedAction && row.test_action_status_code
        ? { statusCode: row.test_action_status_code }
        : {}),
    };
  }
  return {
    id: toPublicId('healthCheck', row.id),
    connectionId: toPublicId('connection', row.connection_id),
    tenantId: toPublicId('tenant', row.tenant_id),
    status: decodeCode(HEALTH_STATUS_CODES, row.status),
    checkType: decodeCode(CHECK_TYPE_CODES, row.check_type),
    credentialStatus: decodeCode(CREDENTIAL_STATUS_CODES, row.credential_status),
    credentialExpiresAt: toIso(row.credential_expires_at),
    testActionId: row.test_action_id ? toPublicId('action', row.test_action_id) : undefined,
    testActionSuccess: row.test_action_success ?? undefined,
    testActionLatencyMs: row.test_action_latency_ms ?? undefined,
    testActionStatusCode: row.test_action_status_code ?? undefined,
    testActionError: failedAction ? error : undefined,
    circuitBreakerStatus: decodeCode(BREAKER_STATUS_CODES, row.breaker_status),
    latencyMs: row.latency_ms,
    error,
    createdAt: toIso(row.created_at)!,
  };
}

export interface HealthCheckListFilter {
  limit: number;
  cursor?: string;
  status?: HealthCheckStatus;
  checkType?: HealthCheckType;
  from?: string;
  to?: string;
}

/** History of one connection, newest first. The caller has checked the connection's tenant. */
export async function listHealthChecks(
  db: Database,
  tenantId: string,
  connectionId: string,
  filter: HealthCheckListFilter,
) {
  const params: unknown[] = [connectionId, tenantId];
  const where = ['connection_id = $1', 'tenant_id = $2'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (filter.status) add((n) => `status = $${n}`, encodeCode(HEALTH_STATUS_CODES, filter.status));
  if (filter.checkType)
    add((n) => `check_type = $${n}`, encodeCode(CHECK_TYPE_CODES, filter.checkType));
  if (filter.from) add((n) => `created_at >= $${n}`, clampQueryTime(filter.from));
  if (filter.to) add((n) => `created_at <= $${n}`, clampQueryTime(filter.to));
  if (filter.cursor) {
    const at = decodeCursor(filter.cursor, (id) => fromPublicId('healthCheck', id));
    params.push(at.createdAt, at.id);
    // The plain `created_at <=` lets the planner prune the newer daily partitions; the row
    // comparison alone does not.
    where.push(
      `created_at <= $${params.length - 1} AND (created_at, id) < ($${params.length - 1}, $${params.length})`,
    );
  }
  params.push(filter.limit + 1);
  const { rows } = await db.query<HealthCheckRow>(
    `SELECT * FROM health_checks WHERE ${where.join(' AND ')}
      ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return paginate(rows, filter.limit, toHealthCheck, (r) => toPublicId('healthCheck', r.id));
}

export async function latestHealthCheck(
  db: Database,
  tenantId: string,
  connectionId: string,
): Promise<HealthCheck | null> {
  // Through the connection's pointer to its last check: one partition is read, not all of them.
  const { rows } = await db.query<HealthCheckRow>(
    `SELECT hc.* FROM connections c
       JOIN health_checks hc ON hc.connection_id = c.id
        AND hc.created_at = c.last_health_check_at AND hc.id = c.last_health_check_id
      WHERE c.id = $1 AND c.tenant_id = $2`,
    [connectionId, tenantId],
  );
  return rows[0] ? toHealthCheck(rows[0]) : null;
}

/** Manual checks of a connection since `since`: the count and the oldest one's time. */
export async function recentManualChecks(
  db: Database,
  connectionId: string,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const { rows } = await db.query<{ n: number; oldest: Date | null }>(
    `SELECT count(*)::int AS n, min(created_at) AS oldest FROM health_checks
      WHERE connection_id = $1 AND created_at > $2 AND check_type = $3`,
    [connectionId, since, encodeCode(CHECK_TYPE_CODES, 'manual')],
  );
  const row = rows[0];
  return { count: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}
