-- Scheduler v2: core's schedule rules (packages/core/src/scheduling.ts: isDue, slotAfterClaim)
-- as SQL functions, so the claim decides "due" and "next slot" in the database with the same
-- answers as core. The numbers (manual-check window, interval bounds, default interval) are
-- parameters the server passes from core's SCHEDULE_RULES, never literals here; the parity test
-- (test/schedule-parity.test.ts) runs these functions against core on random inputs.

-- isDue: the first reason that applies, most permanent first.
CREATE OR REPLACE FUNCTION waygate_due_reason(
  integration_status text,
  checks_enabled boolean,
  connection_status text,
  next_check_at timestamptz,
  last_manual_check_at timestamptz,
  at timestamptz,
  manual_skip_ms bigint
) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN integration_status <> 'active' THEN 'integration_draft'
    WHEN NOT COALESCE(checks_enabled, true) THEN 'checks_disabled'
    WHEN connection_status <> 'active' THEN 'connection_disabled'
    WHEN last_manual_check_at > at - manual_skip_ms * interval '1 millisecond' THEN 'recent_manual_check'
    WHEN next_check_at > at THEN 'not_due_yet'
    ELSE 'due'
  END
$$;

-- slotAfterClaim: the connection's grid is k × interval + phase (ms since the epoch), the phase
-- being the UUID's last 48 bits (random) modulo the interval. Due at a slot: the first slot
-- after max(now, that slot); never scheduled (NULL): the first slot after now + interval / 2.
CREATE OR REPLACE FUNCTION waygate_slot_after_claim(
  connection_id uuid,
  interval_minutes int,
  at timestamptz,
  due_at timestamptz,
  min_minutes int,
  max_minutes int,
  default_minutes int
) RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT to_timestamp((((s.after_ms - s.phase) / s.ms + 1) * s.ms + s.phase) / 1000.0)
    FROM (
      SELECT iv.ms,
             ('x' || right(replace(connection_id::text, '-', ''), 12))::bit(48)::bigint % iv.ms AS phase,
             CASE WHEN due_at IS NULL
                  THEN floor(extract(epoch FROM at) * 1000)::bigint + iv.ms / 2
                  ELSE greatest(floor(extract(epoch FROM at) * 1000),
                                floor(extract(epoch FROM due_at) * 1000))::bigint
             END AS after_ms
        FROM (SELECT greatest(min_minutes, least(max_minutes,
                COALESCE(interval_minutes, default_minutes)))::bigint * 60000 AS ms) iv
    ) s
$$;

-- A claim now parks next_check_at at the lease's expiry (the next slot is written with the
-- result), so "due" is one index range. Rows leased by the previous scheduler are due again when
-- their lease expires, as before.
UPDATE connections SET next_check_at = lease_expires_at
 WHERE lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL
   AND (next_check_at IS NULL OR next_check_at > lease_expires_at);
