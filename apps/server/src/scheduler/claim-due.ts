import { SCHEDULE_RULES } from '@waygate/health-core';
import { actionsJson, CHECK_CONTEXT_COLUMNS, type CheckContextRow } from '../db/check-context-row';
import { type Database, toDate } from '../db/database';
import { type CheckContext, toCheckContext } from '../runner/check-context';

/** A claimed connection's lease: after this long another replica may check it instead. */
export const DEFAULT_LEASE_MS = 120_000;

/** A claimed connection, as the dispatcher queues it. */
export interface ClaimedCheck {
  context: CheckContext;
  /** The slot it was due at (null: never scheduled): for lag figures and for handing it back. */
  dueAt: Date | null;
  /** Its next slot (core's `slotAfterClaim`), written with its result. */
  nextSlotAt: Date;
  /** Upstream host (`host:port` of the integration's base URL), for per-host limits. */
  host: string;
  /** The integration's uuid: a claim can leave out integrations whose host is backed up. */
  integrationUuid: string;
}

export interface ClaimOptions {
  owner: string;
  now: Date;
  limit: number;
  leaseMs?: number;
  /** Tenants this claimer holds enough work for already (fairness: they are left for later). */
  excludeTenants?: readonly string[];
  /** At most this many connections of one tenant per claim. */
  perTenant?: number;
  /** Integrations (uuids) this claimer holds enough work for already (their host is backed up). */
  excludeIntegrations?: readonly string[];
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return '';
  }
}

/** The arguments of core's `isDue` in SQL (migrations 0040, 0041): `$1` is now, `$2` the skip window. */
const DUE_ARGS_SQL = `i.status, (i.health_check_config->>'enabled')::boolean, c.status,
  c.next_check_at, c.last_manual_check_at, $1::timestamptz, $2::bigint`;

/**
 * Claims up to `limit` due connections for `owner` in ONE statement and returns them with their
 * check contexts. Due is core's rule (`waygate_due_reason` = `isDue`); the oldest due come
 * first, spread over tenants (at most `perTenant` of one tenant, tenants in `excludeTenants`
 * left out) so a tenant with 100,000 overdue connections cannot fill a claim. A claim parks
 * `next_check_at` at the lease's expiry — a replica that dies mid-check leaves its rows due
 * again when the lease runs out, and "due" stays one index range — and returns the next slot
 * (`waygate_slot_after_claim` = core's `slotAfterClaim`), which the result's write stores.
 * `FOR UPDATE SKIP LOCKED` lets replicas claim side by side without waiting on each other.
 */
export async function claimDueConnections(
  db: Database,
  options: ClaimOptions,
): Promise<ClaimedCheck[]> {
  const limit = Math.max(1, options.limit);
  const perTenant = Math.max(1, options.perTenant ?? limit);
  const { rows } = await db.query<CheckContextRow & { due_at: Date | null; next_slot_at: Date }>(
    `WITH candidates AS (
       SELECT c.id, c.tenant_id, c.next_check_at,
              (i.health_check_config->>'intervalMinutes')::int AS interval_minutes
         FROM connections c JOIN integrations i ON i.id = c.integration_id
        WHERE c.status = 'active' AND (c.next_check_at IS NULL OR c.next_check_at <= $1)
          AND (c.lease_expires_at IS NULL OR c.lease_expires_at <= $1)
          AND c.tenant_id <> ALL($3::uuid[])
          AND c.integration_id <> ALL($12::uuid[])
          AND waygate_is_due(${DUE_ARGS_SQL})
        ORDER BY c.next_check_at NULLS FIRST
        LIMIT $4
        FOR UPDATE OF c SKIP LOCKED
     ),
     picked AS (
       SELECT id, next_check_at, interval_minutes
         FROM (SELECT *, row_number() OVER (PARTITION BY tenant_id
                                            ORDER BY next_check_at NULLS FIRST, id) AS rn
                 FROM candidates) ranked
        WHERE rn <= $5
        ORDER BY rn, next_check_at NULLS FIRST
        LIMIT $6
     ),
     claimed AS (
       UPDATE connections c SET
         lease_owner = $7,
         lease_expires_at = $1::timestamptz + $8 * interval '1 millisecond',
         next_check_at = $1::timestamptz + $8 * interval '1 millisecond'
         FROM picked p
        WHERE c.id = p.id
       RETURNING c.*, p.next_check_at AS due_at,
         waygate_slot_after_claim(c.id, p.interval_minutes, $1, p.next_check_at, $9, $10, $11)
           AS next_slot_at
     )
     SELECT ${CHECK_CONTEXT_COLUMNS}, c.due_at, c.next_slot_at
       FROM claimed c JOIN integrations i ON i.id = c.integration_id`,
    [
      options.now,
      SCHEDULE_RULES.manualCheckSkipMs,
      options.excludeTenants ?? [],
      // Candidates beyond `limit` let the per-tenant spread reach past the first tenant's rows.
      limit * 2,
      perTenant,
      limit,
      options.owner,
      options.leaseMs ?? DEFAULT_LEASE_MS,
      SCHEDULE_RULES.minIntervalMinutes,
      SCHEDULE_RULES.maxIntervalMinutes,
      SCHEDULE_RULES.defaultIntervalMinutes,
      options.excludeIntegrations ?? [],
    ],
  );
  if (rows.length === 0) return [];
  // Actions once per integration, not once per connection: 10,000 connections usually share a
  // few dozen integrations.
  const integrationIds = [...new Set(rows.map((r) => r.integration_id))];
  const { rows: actionRows } = await db.query<{ integration_id: string; actions: unknown }>(
    `SELECT integration_id, ${actionsJson('')} AS actions
       FROM actions WHERE integration_id = ANY($1::uuid[]) GROUP BY integration_id`,
    [integrationIds],
  );
  const actionsByIntegration = new Map(actionRows.map((r) => [r.integration_id, r.actions]));
  const integrations = new Map();
  return rows.map((row) => ({
    context: toCheckContext(
      { ...row, actions: actionsByIntegration.get(row.integration_id) ?? [] },
      integrations,
    ),
    dueAt: row.due_at == null ? null : toDate(row.due_at),
    nextSlotAt: toDate(row.next_slot_at),
    host: hostOf(row.base_url),
    integrationUuid: row.integration_id,
  }));
}

/** A claim given back unchecked, due again at `dueAt` (null: at once). */
export interface HandBack {
  connectionId: string;
  dueAt: Date | null;
}

/**
 * Gives claimed-but-unstarted connections back in one statement, lease cleared: on drain and
 * when a budget runs out they are due again at once (their original slot), so another replica
 * checks them without waiting for the lease; a rate-limited pair's are due when its pause ends.
 */
export async function handBackClaims(
  db: Database,
  owner: string,
  handBacks: readonly HandBack[],
): Promise<void> {
  if (handBacks.length === 0) return;
  await db.query(
    `UPDATE connections c SET lease_owner = NULL, lease_expires_at = NULL, next_check_at = h.due_at
       FROM unnest($1::uuid[], $2::timestamptz[]) AS h(id, due_at)
      WHERE c.id = h.id AND c.lease_owner = $3`,
    [handBacks.map((h) => h.connectionId), handBacks.map((h) => h.dueAt), owner],
  );
}

export type SkipReason = 'recent_manual_check' | 'integration_draft' | 'checks_disabled';

/**
 * How many connections are past their slot but not checked, and why (for a pass's summary),
 * by the same rule as the claim. Disabled connections are not counted: switching one off is
 * not a skip.
 */
export async function countSkipped(db: Database, now: Date): Promise<Record<SkipReason, number>> {
  const { rows } = await db.query<{ reason: string; n: number }>(
    `SELECT waygate_due_reason(${DUE_ARGS_SQL}) AS reason, count(*)::int AS n
       FROM connections c JOIN integrations i ON i.id = c.integration_id
      WHERE c.status = 'active' AND (c.next_check_at IS NULL OR c.next_check_at <= $1)
      GROUP BY 1`,
    [now, SCHEDULE_RULES.manualCheckSkipMs],
  );
  const counts: Record<SkipReason, number> = {
    recent_manual_check: 0,
    integration_draft: 0,
    checks_disabled: 0,
  };
  for (const row of rows) {
    if (row.reason in counts) counts[row.reason as SkipReason] = row.n;
  }
  return counts;
}
