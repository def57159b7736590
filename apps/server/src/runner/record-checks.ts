import {
  BREAKER_STATUS_CODES,
  CHECK_TYPE_CODES,
  CREDENTIAL_STATUS_CODES,
  encodeCode,
  HEALTH_STATUS_CODES,
} from '../db/codes';
import type { Database } from '../db/database';
import { newUuid } from '../ids';
import { flagMaintenance } from '../notifications/maintenance/maintenance-calendar';
import type { CheckOutcome } from './execute-check';

/**
 * What recordChecks writes: an outcome, optionally flagged as taken during a maintenance window
 * (stored in `health_checks.in_maintenance`; rollups and uptime leave such checks out).
 */
export type RecordableCheck = CheckOutcome & { inMaintenance?: boolean };

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
  written: RecordableCheck[];
  /** Outcomes dropped: lease lost (fenced) or connection deleted meanwhile. */
  fenced: RecordableCheck[];
  /** health_events rows written (status changes and first checks). */
  events: number;
}

type SqlType = 'uuid' | 'timestamptz' | 'int' | 'smallint' | 'boolean' | 'text';

/**
 * The statement's input, one entry per column: its name in the `input` CTE, its SQL type and how
 * it is read from an outcome. The unnest types, the column aliases and the parameter arrays are
 * all generated from this one table, so they cannot drift apart.
 */
const INPUT_COLUMNS: readonly {
  name: string;
  type: SqlType;
  value: (o: RecordableCheck, index: number, options: RecordOptions) => unknown;
}[] = [
  { name: 'id', type: 'uuid', value: (o) => o.checkUuid },
  { name: 'connection_id', type: 'uuid', value: (o) => o.connectionId },
  { name: 'tenant_id', type: 'uuid', value: (o) => o.tenantId },
  { name: 'created_at', type: 'timestamptz', value: (o) => o.check.createdAt },
  { name: 'test_action_id', type: 'uuid', value: (o) => o.testActionUuid },
  {
    name: 'credential_expires_at',
    type: 'timestamptz',
    value: (o) => o.check.credentialExpiresAt ?? null,
  },
  { name: 'latency_ms', type: 'int', value: (o) => o.check.latencyMs },
  {
    name: 'test_action_latency_ms',
    type: 'int',
    value: (o) => o.check.testActionLatencyMs ?? null,
  },
  {
    name: 'status',
    type: 'smallint',
    value: (o) => encodeCode(HEALTH_STATUS_CODES, o.check.status),
  },
  {
    name: 'check_type',
    type: 'smallint',
    value: (o) => encodeCode(CHECK_TYPE_CODES, o.check.checkType),
  },
  {
    name: 'credential_status',
    type: 'smallint',
    value: (o) => encodeCode(CREDENTIAL_STATUS_CODES, o.check.credentialStatus),
  },
  {
    name: 'breaker_status',
    type: 'smallint',
    value: (o) => encodeCode(BREAKER_STATUS_CODES, o.check.circuitBreakerStatus),
  },
  {
    name: 'test_action_status_code',
    type: 'smallint',
    value: (o) => o.check.testActionStatusCode ?? null,
  },
  {
    name: 'test_action_success',
    type: 'boolean',
    value: (o) => o.check.testActionSuccess ?? null,
  },
  { name: 'error_code', type: 'text', value: (o) => o.check.error?.code ?? null },
  { name: 'error_message', type: 'text', value: (o) => o.check.error?.message ?? null },
  { name: 'in_maintenance', type: 'boolean', value: (o) => o.inMaintenance ?? false },
  { name: 'health_status', type: 'text', value: (o) => o.check.status },
  // Arrays of arrays do not survive unnest; reasons and times travel as comma-joined text.
  { name: 'reasons', type: 'text', value: (o) => o.reasons.join(',') },
  { name: 'breaker_text', type: 'text', value: (o) => o.breaker.status },
  { name: 'breaker_opened_at', type: 'timestamptz', value: (o) => o.breaker.openedAt },
  { name: 'consecutive_failures', type: 'int', value: (o) => o.breaker.consecutiveFailures },
  { name: 'recent_failures', type: 'text', value: (o) => o.recentFailureTimes.join(',') },
  { name: 'credential_unreadable', type: 'boolean', value: (o) => o.credentialUnreadable },
  {
    name: 'event_id',
    type: 'uuid',
    value: (o) => newUuid(new Date(o.check.createdAt)),
  },
  {
    name: 'next_check_at',
    type: 'timestamptz',
    value: (_o, index, options) => options.nextCheckAt?.[index] ?? null,
  },
];

/** The health_checks columns written, all taken as-is from `input`. */
const CHECK_COLUMNS = [
  'created_at',
  'id',
  'connection_id',
  'tenant_id',
  'test_action_id',
  'credential_expires_at',
  'latency_ms',
  'test_action_latency_ms',
  'status',
  'check_type',
  'credential_status',
  'breaker_status',
  'test_action_status_code',
  'test_action_success',
  'error_code',
  'error_message',
  'in_maintenance',
] as const;

/** `$N` of the lease owner: right after the input arrays. */
const LEASE = `$${INPUT_COLUMNS.length + 1}::text`;

/**
 * Writes N checks in ONE statement: the check rows (multi-row INSERT from unnest arrays), the N
 * connection updates and the status-change events, as data-modifying CTEs of a single statement,
 * so a batch costs one round trip and is atomic without an explicit transaction. The connection
 * rows are locked (FOR UPDATE) by the statement itself, which also reads the previous status for
 * the events under that lock.
 *
 * Triggers: the INSERT into health_checks fires `health_checks_queue_rollup` (migration 0070),
 * which appends each check's status and latency to `health_rollup_pending` — nothing more; the
 * rollups themselves are written later by the roll-up pass (src/rollups/read-rollups.ts).
 */
const STATEMENT = `WITH input AS (
       SELECT * FROM unnest(
         ${INPUT_COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}
       ) AS t(${INPUT_COLUMNS.map((c) => c.name).join(', ')})
     ),
     -- One primary-key probe per input row (LATERAL), whatever the planner believes about
     -- lease_owner: with stale statistics ("this owner holds 1 row") it once chose a nested loop
     -- over every connection × every input row, 3 s for a batch of 500 (bench:storage).
     locked AS (
       SELECT c.id, c.health_status, c.last_health_check_at, c.alerted_status, c.status_streak,
              greatest(1, COALESCE((ig.health_check_config->>'alertAfterChecks')::int, 1)) AS alert_after
         FROM input i
        CROSS JOIN LATERAL (
          SELECT c.id, c.health_status, c.last_health_check_at, c.alerted_status, c.status_streak,
                 c.integration_id
            FROM connections c
           WHERE c.id = i.connection_id AND c.tenant_id = i.tenant_id
             AND (${LEASE} IS NULL OR c.lease_owner = ${LEASE})
             FOR UPDATE
        ) c
         JOIN integrations ig ON ig.id = c.integration_id
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
       INSERT INTO health_checks (${CHECK_COLUMNS.join(', ')})
       SELECT ${CHECK_COLUMNS.map((c) => `i.${c}`).join(', ')}
         FROM input i JOIN locked l ON l.id = i.connection_id
       RETURNING connection_id
     ),
     updated AS (
       UPDATE connections c SET
         health_status = i.health_status,
         status_streak = st.streak,
         -- A check in maintenance announces nothing: the change is announced by the first
         -- check after the window if it still holds.
         alerted_status = CASE
           WHEN st.alerted_status IS DISTINCT FROM i.health_status AND st.streak >= st.alert_after
                AND NOT i.in_maintenance
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
         lease_owner = CASE WHEN ${LEASE} IS NULL THEN c.lease_owner END,
         lease_expires_at = CASE WHEN ${LEASE} IS NULL THEN c.lease_expires_at END
         FROM input i JOIN streaks st ON st.id = i.connection_id
        WHERE c.id = i.connection_id
          -- The same rows again as a key list, so the planner probes the primary key instead
          -- of hashing a scan of every connection (5.5 ms of a 500-row batch at 10,000).
          AND c.id = ANY($${INPUT_COLUMNS.findIndex((c) => c.name === 'connection_id') + 1}::uuid[])
       RETURNING c.id
     ),
     events AS (
       INSERT INTO health_events (id, tenant_id, connection_id, health_check_id, from_status,
         to_status, reasons, created_at)
       SELECT i.event_id, i.tenant_id, i.connection_id, i.id, st.alerted_status,
         i.health_status, string_to_array(i.reasons, ','), i.created_at
         FROM input i JOIN streaks st ON st.id = i.connection_id
        WHERE st.alerted_status IS DISTINCT FROM i.health_status AND st.streak >= st.alert_after
          AND NOT i.in_maintenance
       RETURNING connection_id
     )
     SELECT l.id AS connection_id, EXISTS (SELECT 1 FROM events e WHERE e.connection_id = l.id) AS event
       FROM locked l`;

export async function recordChecks(
  db: Database,
  given: readonly RecordableCheck[],
  options: RecordOptions = {},
): Promise<RecordResult> {
  if (given.length === 0) return { written: [], fenced: [], events: 0 };
  // Checks taken during a maintenance window (src/notifications/maintenance) are flagged here,
  // so every writer flags them the same way.
  const outcomes = await flagMaintenance(db, given);
  const params: unknown[] = INPUT_COLUMNS.map((column) =>
    outcomes.map((o, index) => column.value(o, index, options)),
  );
  params.push(options.leaseOwner ?? null);
  const { rows } = await db.query<{ connection_id: string; event: boolean }>(STATEMENT, params);
  const writtenIds = new Set(rows.map((r) => r.connection_id));
  return {
    written: outcomes.filter((o) => writtenIds.has(o.connectionId)),
    fenced: outcomes.filter((o) => !writtenIds.has(o.connectionId)),
    events: rows.filter((r) => r.event).length,
  };
}
