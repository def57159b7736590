import type { Database } from '../db/database';
import {
  CHECK_CONTEXT_COLUMNS,
  type CheckContext,
  type CheckContextRow,
  toCheckContext,
} from '../runner/check-context';

/** A claimed connection's lease: after this long another replica may check it instead. */
export const DEFAULT_LEASE_MS = 120_000;

/**
 * The next slot of a connection, computed inside the claim so a sweep needs no extra round trip.
 * Slots are multiples of the integration's interval since the Unix epoch, shifted by a phase
 * taken from the random bits of the connection's ULID (its last 48 bits): each connection keeps
 * the same phase forever and 10,000 of them spread evenly over the interval. The slot is the first
 * one at least half an interval away, so a connection checked early (new, or edited) is not
 * checked again seconds later, while one checked on time lands exactly one interval on.
 */
const NEXT_SLOT_SQL = `
  to_timestamp((
    (floor((floor(extract(epoch FROM $1::timestamptz) * 1000) + due.ms / 2 - due.phase) / due.ms) + 1)
      * due.ms + due.phase
  ) / 1000.0)`;

/** Interval in ms (clamped like the schema) and the connection's phase inside it. */
const SLOT_COLUMNS_SQL = `
  iv.ms, ('x' || right(replace(c.id::text, '-', ''), 12))::bit(48)::bigint % iv.ms AS phase`;
const INTERVAL_SQL = `
  CROSS JOIN LATERAL (SELECT greatest(1, least(10080,
    COALESCE((i.health_check_config->>'intervalMinutes')::int, 15)))::bigint * 60000 AS ms) iv`;

export interface ClaimOptions {
  owner: string;
  now: Date;
  limit: number;
  leaseMs?: number;
}

/**
 * Claims up to `limit` due connections for `owner` in ONE statement and returns their check
 * contexts. Due: integration active with checks enabled, connection active, next slot reached,
 * no manual check in the last 5 minutes — or claimed by a replica whose lease has expired
 * (it died mid-sweep). `FOR UPDATE SKIP LOCKED` lets replicas claim side by side without
 * waiting on each other or claiming the same row.
 */
export async function claimDueConnections(
  db: Database,
  options: ClaimOptions,
): Promise<CheckContext[]> {
  const { rows } = await db.query<CheckContextRow>(
    `WITH due AS (
       SELECT c.id, ${SLOT_COLUMNS_SQL}
         FROM connections c JOIN integrations i ON i.id = c.integration_id ${INTERVAL_SQL}
        WHERE c.status = 'active' AND i.status = 'active'
          AND COALESCE((i.health_check_config->>'enabled')::boolean, true)
          AND (c.lease_expires_at IS NULL OR c.lease_expires_at <= $1)
          AND (c.next_check_at IS NULL OR c.next_check_at <= $1 OR c.lease_owner IS NOT NULL)
          AND (c.last_manual_check_at IS NULL OR c.last_manual_check_at <= $1::timestamptz - interval '5 minutes')
        ORDER BY c.next_check_at NULLS FIRST
        LIMIT $2
        FOR UPDATE OF c SKIP LOCKED
     ),
     claimed AS (
       UPDATE connections c SET
         lease_owner = $3,
         lease_expires_at = $1::timestamptz + $4 * interval '1 millisecond',
         next_check_at = ${NEXT_SLOT_SQL}
         FROM due
        WHERE c.id = due.id
       RETURNING c.*
     )
     SELECT ${CHECK_CONTEXT_COLUMNS}
       FROM claimed c JOIN integrations i ON i.id = c.integration_id`,
    [options.now, options.limit, options.owner, options.leaseMs ?? DEFAULT_LEASE_MS],
  );
  if (rows.length === 0) return [];
  // Actions once per integration, not once per connection: 10,000 connections usually share a
  // few dozen integrations.
  const integrationIds = [...new Set(rows.map((r) => r.integration_id))];
  const { rows: actionRows } = await db.query<{ integration_id: string; actions: unknown }>(
    `SELECT integration_id, json_agg(json_build_object('id', id, 'name', name, 'method', method,
              'path', path, 'tags', tags, 'parameters', parameters) ORDER BY created_at, id) AS actions
       FROM actions WHERE integration_id = ANY($1::uuid[]) GROUP BY integration_id`,
    [integrationIds],
  );
  const actionsByIntegration = new Map(actionRows.map((r) => [r.integration_id, r.actions]));
  return rows.map((row) =>
    toCheckContext({ ...row, actions: actionsByIntegration.get(row.integration_id) ?? [] }),
  );
}

/** Gives claimed-but-unchecked connections back (sweep budget spent): due again at once. */
export async function releaseClaims(
  db: Database,
  owner: string,
  connectionIds: readonly string[],
): Promise<void> {
  if (connectionIds.length === 0) return;
  await db.query(
    `UPDATE connections SET lease_owner = NULL, lease_expires_at = NULL, next_check_at = NULL
      WHERE id = ANY($1::uuid[]) AND lease_owner = $2`,
    [connectionIds, owner],
  );
}

export type SkipReason = 'recent_manual_check' | 'integration_draft' | 'checks_disabled';

/**
 * How many connections are past their slot but not checked, and why (for the sweep's summary
 * line). Disabled connections are not counted: switching one off is not a skip.
 */
export async function countSkipped(db: Database, now: Date): Promise<Record<SkipReason, number>> {
  const { rows } = await db.query<Record<SkipReason, number>>(
    `SELECT count(*) FILTER (WHERE i.status = 'active' AND COALESCE((i.health_check_config->>'enabled')::boolean, true)
                               AND c.last_manual_check_at > $1::timestamptz - interval '5 minutes')::int AS recent_manual_check,
            count(*) FILTER (WHERE i.status = 'draft')::int AS integration_draft,
            count(*) FILTER (WHERE i.status = 'active'
                               AND NOT COALESCE((i.health_check_config->>'enabled')::boolean, true))::int AS checks_disabled
       FROM connections c JOIN integrations i ON i.id = c.integration_id
      WHERE c.status = 'active' AND (c.next_check_at IS NULL OR c.next_check_at <= $1)`,
    [now],
  );
  return rows[0] ?? { recent_manual_check: 0, integration_draft: 0, checks_disabled: 0 };
}
