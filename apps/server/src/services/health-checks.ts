import {
  type CheckError,
  CheckErrorCode,
  type HealthCheck,
  type HealthCheckStatus,
  type HealthCheckType,
} from '@waygate/health-core';
import {
  BREAKER_STATUS_CODES,
  CHECK_TYPE_CODES,
  CREDENTIAL_STATUS_CODES,
  decodeCode,
  encodeCode,
  HEALTH_STATUS_CODES,
} from '../db/codes';
import { clampQueryTime, type Database, toIso } from '../db/database';
import { toPublicId } from '../ids';
import { listPage, publicIds } from './pagination';

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
  /** Absent on rows read by queries that do not select it. */
  in_maintenance?: boolean;
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
    inMaintenance: row.in_maintenance ? true : undefined,
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
  return listPage(db, {
    from: 'health_checks',
    where,
    params,
    query: filter,
    ids: publicIds('healthCheck'),
    toItem: toHealthCheck,
  });
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

export type ManualCheckReservation =
  | { reserved: true }
  | { reserved: false; reason: 'not_found' }
  | { reserved: false; reason: 'limited'; retryAfterSeconds: number };

/**
 * Takes one of the connection's manual-check slots (`limit` per `windowMs`) before the check
 * runs, in one conditional UPDATE: the row lock makes concurrent requests, from any number of
 * replicas, take turns, and each re-checks the slots the previous one left (PostgreSQL re-reads
 * an updated row before applying a waiting UPDATE's WHERE). The array keeps the `limit` newest
 * slot times, oldest first, so "fewer than `limit` in the window" is "fewer than `limit` kept, or
 * the oldest kept one has left the window". A slot is never handed back, even when the check
 * fails: it still ran (and may have called the upstream).
 */
export async function reserveManualCheckSlot(
  db: Database,
  tenantId: string,
  connectionId: string,
  now: Date,
  limit: number,
  windowMs: number,
): Promise<ManualCheckReservation> {
  const windowStart = new Date(now.getTime() - windowMs);
  const { rows } = await db.query<{ id: string }>(
    `UPDATE connections
        SET manual_check_slots =
              (manual_check_slots || $3::timestamptz)[greatest(1, cardinality(manual_check_slots) + 2 - $5::int):]
      WHERE id = $1 AND tenant_id = $2
        AND (cardinality(manual_check_slots) < $5::int
             OR manual_check_slots[cardinality(manual_check_slots) + 1 - $5::int] <= $4::timestamptz)
      RETURNING id`,
    [connectionId, tenantId, now, windowStart, limit],
  );
  if (rows.length > 0) return { reserved: true };
  // Refused or absent: the oldest slot that still counts says when the next one frees up.
  const refused = await db.query<{ oldest: Date | string | null }>(
    `SELECT manual_check_slots[greatest(1, cardinality(manual_check_slots) + 1 - $3::int)] AS oldest
       FROM connections WHERE id = $1 AND tenant_id = $2`,
    [connectionId, tenantId, limit],
  );
  const row = refused.rows[0];
  if (!row) return { reserved: false, reason: 'not_found' };
  const waitMs = row.oldest ? new Date(row.oldest).getTime() + windowMs - now.getTime() : windowMs;
  return {
    reserved: false,
    reason: 'limited',
    retryAfterSeconds: Math.min(Math.ceil(windowMs / 1000), Math.max(1, Math.ceil(waitMs / 1000))),
  };
}
