import {
  BREAKER_STATUS_CODES,
  CHECK_TYPE_CODES,
  CREDENTIAL_STATUS_CODES,
  encodeCode,
  HEALTH_STATUS_CODES,
} from '../db/codes';
import type { Database } from '../db/database';
import { newUuid } from '../ids';
import type { CheckOutcome } from './execute-check';

export interface RecordOptions {
  /**
   * Fencing: only connections whose `lease_owner` still equals this are written (and their lease
   * is released). A result whose lease was lost and re-claimed is dropped: the newer one stands.
   */
  leaseOwner?: string;
  /**
   * Scheduled checks: each outcome's next slot (same order), written with its result. The claim
   * parked `next_check_at` at the lease's expiry; this puts the connection back on its grid.
   */
  nextCheckAt?: readonly Date[];
}

export interface RecordResult {
  /** Outcomes whose check row and connection update were written. */
  written: CheckOutcome[];
  /** Outcomes dropped: lease lost (fenced) or connection deleted meanwhile. */
  fenced: CheckOutcome[];
  /** health_events rows written (status changes and first checks). */
  events: number;
}

/**
 * Writes N checks in ONE statement: the check rows (multi-row INSERT from unnest arrays), the N
 * connection updates and the status-change events, as data-modifying CTEs of a single statement,
 * so a batch costs one round trip and is atomic without an explicit transaction. The connection
 * rows are locked (FOR UPDATE) by the statement itself, which also reads the previous status for
 * the events under that lock.
 */
export async function recordChecks(
  db: Database,
  outcomes: readonly CheckOutcome[],
  options: RecordOptions = {},
): Promise<RecordResult> {
  if (outcomes.length === 0) return { written: [], fenced: [], events: 0 };
  const cols = {
    id: [] as string[],
    connectionId: [] as string[],
    tenantId: [] as string[],
    createdAt: [] as string[],
    testActionId: [] as (string | null)[],
    credentialExpiresAt: [] as (string | null)[],
    latencyMs: [] as number[],
    testActionLatencyMs: [] as (number | null)[],
    status: [] as number[],
    checkType: [] as number[],
    credentialStatus: [] as number[],
    breakerStatus: [] as number[],
    testActionStatusCode: [] as (number | null)[],
    testActionSuccess: [] as (boolean | null)[],
    errorCode: [] as (string | null)[],
    errorMessage: [] as (string | null)[],
    healthStatus: [] as string[],
    reasons: [] as string[],
    breakerText: [] as string[],
    breakerOpenedAt: [] as (string | null)[],
    consecutiveFailures: [] as number[],
    recentFailures: [] as string[],
    credentialUnreadable: [] as boolean[],
    eventId: [] as string[],
  };
  for (const o of outcomes) {
    const c = o.check;
    cols.id.push(o.checkUuid);
    cols.connectionId.push(o.connectionId);
    cols.tenantId.push(o.tenantId);
    cols.createdAt.push(c.createdAt);
    cols.testActionId.push(o.testActionUuid);
    cols.credentialExpiresAt.push(c.credentialExpiresAt ?? null);
    cols.latencyMs.push(c.latencyMs);
    cols.testActionLatencyMs.push(c.testActionLatencyMs ?? null);
    cols.status.push(encodeCode(HEALTH_STATUS_CODES, c.status));
    cols.checkType.push(encodeCode(CHECK_TYPE_CODES, c.checkType));
    cols.credentialStatus.push(encodeCode(CREDENTIAL_STATUS_CODES, c.credentialStatus));
    cols.breakerStatus.push(encodeCode(BREAKER_STATUS_CODES, c.circuitBreakerStatus));
    cols.testActionStatusCode.push(c.testActionStatusCode ?? null);
    cols.testActionSuccess.push(c.testActionSuccess ?? null);
    cols.errorCode.push(c.error?.code ?? null);
    cols.errorMessage.push(c.error?.message ?? null);
    cols.healthStatus.push(c.status);
    // Arrays of arrays do not survive unnest; reasons and times travel as comma-joined text.
    cols.reasons.push(o.reasons.join(','));
    cols.breakerText.push(o.breaker.status);
    cols.breakerOpenedAt.push(o.breaker.openedAt);
    cols.consecutiveFailures.push(o.breaker.consecutiveFailures);
    cols.recentFailures.push(o.recentFailureTimes.join(','));
    cols.credentialUnreadable.push(o.credentialUnreadable);
    cols.eventId.push(newUuid(new Date(c.createdAt)));
  }
  const { rows } = await db.query<{ connection_id: string; event: boolean }>(
    `WITH input AS (
       SELECT * FROM unnest(
         $1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::uuid[], $6::timestamptz[],
         $7::int[], $8::int[], $9::smallint[], $10::smallint[], $11::smallint[], $12::smallint[],
         $13::smallint[], $14::boolean[], $15::text[], $16::text[], $17::text[], $18::text[],
         $19::text[], $20::timestamptz[], $21::int[], $22::text[], $23::boolean[], $24::uuid[],
         $26::timestamptz[]
       ) AS t(id, connection_id, tenant_id, created_at, test_action_id, credential_expires_at,
              latency_ms, test_action_latency_ms, status, check_type, credential_status,
              breaker_status, test_action_status_code, test_action_success, error_code,
              error_message, health_status, reasons, breaker_text, breaker_opened_at,
              consecutive_failures, recent_failures, credential_unreadable, event_id,
              next_check_at)
     ),
     locked AS (
       SELECT c.id, c.health_status, c.last_health_check_at, c.alerted_status, c.status_streak,
              greatest(1, COALESCE((ig.health_check_config->>'alertAfterChecks')::int, 1)) AS alert_after
         FROM connections c JOIN input i ON c.id = i.connection_id AND c.tenant_id = i.tenant_id
         JOIN integrations ig ON ig.id = c.integration_id
        WHERE ($25::text IS NULL OR c.lease_owner = $25::text)
        FOR UPDATE OF c
     ),
     -- Anti-flapping: how long the new status has held, and whether that is long enough to
     -- announce it (alertAfterChecks, default 1: every change is announced at once).
     streaks AS (
       SELECT l.id,
              CASE WHEN l.last_health_check_at IS NOT NULL AND l.health_status = i.health_status
                   THEN l.status_streak + 1 ELSE 1 END AS streak,
              l.alert_after, l.alerted_status, i.health_status
         FROM locked l JOIN input i ON i.connection_id = l.id
     ),
     inserted AS (
       INSERT INTO health_checks (created_at, id, connection_id, tenant_id, test_action_id,
         credential_expires_at, latency_ms, test_action_latency_ms, status, check_type,
         credential_status, breaker_status, test_action_status_code, test_action_success,
         error_code, error_message)
       SELECT i.created_at, i.id, i.connection_id, i.tenant_id, i.test_action_id,
         i.credential_expires_at, i.latency_ms, i.test_action_latency_ms, i.status, i.check_type,
         i.credential_status, i.breaker_status, i.test_action_status_code, i.test_action_success,
         i.error_code, i.error_message
         FROM input i JOIN locked l ON l.id = i.connection_id
       RETURNING connection_id
     ),
     updated AS (
       UPDATE connections c SET
         health_status = i.health_status,
         status_streak = st.streak,
         alerted_status = CASE
           WHEN st.alerted_status IS DISTINCT FROM i.health_status AND st.streak >= st.alert_after
           THEN i.health_status ELSE c.alerted_status END,
         health_reasons = string_to_array(i.reasons, ','),
         last_health_check_at = i.created_at,
         last_health_check_id = i.id,
         last_manual_check_at = CASE WHEN i.check_type = 1 THEN i.created_at ELSE c.last_manual_check_at END,
         breaker_status = i.breaker_text,
         breaker_opened_at = i.breaker_opened_at,
         consecutive_failures = i.consecutive_failures,
         recent_failure_times = string_to_array(i.recent_failures, ',')::timestamptz[],
         credential_needs_reauth = c.credential_needs_reauth OR i.credential_unreadable,
         -- An edit meanwhile (NULL: check again now) wins over the claimed slot.
         next_check_at = CASE WHEN c.next_check_at IS NULL THEN NULL
                              ELSE COALESCE(i.next_check_at, c.next_check_at) END,
         lease_owner = CASE WHEN $25::text IS NULL THEN c.lease_owner END,
         lease_expires_at = CASE WHEN $25::text IS NULL THEN c.lease_expires_at END
         FROM input i JOIN streaks st ON st.id = i.connection_id
        WHERE c.id = i.connection_id
       RETURNING c.id
     ),
     events AS (
       INSERT INTO health_events (id, tenant_id, connection_id, health_check_id, from_status,
         to_status, reasons, created_at)
       SELECT i.event_id, i.tenant_id, i.connection_id, i.id, st.alerted_status,
         i.health_status, string_to_array(i.reasons, ','), i.created_at
         FROM input i JOIN streaks st ON st.id = i.connection_id
        WHERE st.alerted_status IS DISTINCT FROM i.health_status AND st.streak >= st.alert_after
       RETURNING connection_id
     )
     SELECT l.id AS connection_id, EXISTS (SELECT 1 FROM events e WHERE e.connection_id = l.id) AS event
       FROM locked l`,
    [
      cols.id,
      cols.connectionId,
      cols.tenantId,
      cols.createdAt,
      cols.testActionId,
      cols.credentialExpiresAt,
      cols.latencyMs,
      cols.testActionLatencyMs,
      cols.status,
      cols.checkType,
      cols.credentialStatus,
      cols.breakerStatus,
      cols.testActionStatusCode,
      cols.testActionSuccess,
      cols.errorCode,
      cols.errorMessage,
      cols.healthStatus,
      cols.reasons,
      cols.breakerText,
      cols.breakerOpenedAt,
      cols.consecutiveFailures,
      cols.recentFailures,
      cols.credentialUnreadable,
      cols.eventId,
      options.leaseOwner ?? null,
      outcomes.map((_, index) => options.nextCheckAt?.[index] ?? null),
    ],
  );
  const writtenIds = new Set(rows.map((r) => r.connection_id));
  return {
    written: outcomes.filter((o) => writtenIds.has(o.connectionId)),
    fenced: outcomes.filter((o) => !writtenIds.has(o.connectionId)),
    events: rows.filter((r) => r.event).length,
  };
}
