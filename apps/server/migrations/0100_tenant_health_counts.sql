-- The summary's status counts per tenant, kept as the connections change (issue 15): counting them
-- at request time scanned every connection of the tenant — 92 ms of the summary's 110 ms at
-- 100,000 connections in one tenant (bench:api). The rule is the one the summary applied to
-- `connections` (src/services/metrics.ts): a connection never checked (`last_health_check_at`
-- NULL) counts as never_checked whatever its status; every other one counts under its
-- `health_status`. test/summary-counts.test.ts holds these counters equal to that count.
--
-- No foreign key to tenants: deleting a tenant cascades to its connections, whose trigger below
-- subtracts them; the row is deleted when its total reaches zero.
CREATE TABLE tenant_health_counts (
  tenant_id uuid PRIMARY KEY,
  total integer NOT NULL DEFAULT 0,
  never_checked integer NOT NULL DEFAULT 0,
  healthy integer NOT NULL DEFAULT 0,
  degraded integer NOT NULL DEFAULT 0,
  unhealthy integer NOT NULL DEFAULT 0
) WITH (fillfactor = 50);

-- Signed per-tenant deltas of a statement's changed rows: +1 per new row version, −1 per old one.
-- A statement that changes no status (the claim, a recorded check with an unchanged status)
-- nets to zero and writes nothing, so writers only contend on this row when statuses change.
-- Rows are applied in tenant order: two statements never wait on each other's rows crosswise.
CREATE FUNCTION waygate_count_connection_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- Each event has only its own transition tables, so the changed rows' source is chosen here
  -- and the one upsert below runs as dynamic SQL (which sees the transition tables too).
  changes text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT tenant_id, 1 AS sign, health_status, last_health_check_at IS NULL AS never FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT tenant_id, -1 AS sign, health_status, last_health_check_at IS NULL AS never FROM old_rows'
    ELSE 'SELECT tenant_id, 1 AS sign, health_status, last_health_check_at IS NULL AS never FROM new_rows
          UNION ALL
          SELECT tenant_id, -1, health_status, last_health_check_at IS NULL FROM old_rows'
  END;
BEGIN
  EXECUTE format($sql$
    WITH changes AS (%s),
    deltas AS (
      SELECT tenant_id,
             sum(sign)::int AS total,
             COALESCE(sum(sign) FILTER (WHERE never), 0)::int AS never_checked,
             COALESCE(sum(sign) FILTER (WHERE NOT never AND health_status = 'healthy'), 0)::int AS healthy,
             COALESCE(sum(sign) FILTER (WHERE NOT never AND health_status = 'degraded'), 0)::int AS degraded,
             COALESCE(sum(sign) FILTER (WHERE NOT never AND health_status = 'unhealthy'), 0)::int AS unhealthy
        FROM changes GROUP BY tenant_id
    )
    INSERT INTO tenant_health_counts AS t (tenant_id, total, never_checked, healthy, degraded,
      unhealthy)
    SELECT tenant_id, total, never_checked, healthy, degraded, unhealthy
      FROM deltas
     WHERE total <> 0 OR never_checked <> 0 OR healthy <> 0 OR degraded <> 0 OR unhealthy <> 0
     ORDER BY tenant_id
    ON CONFLICT (tenant_id) DO UPDATE SET
      total = t.total + excluded.total,
      never_checked = t.never_checked + excluded.never_checked,
      healthy = t.healthy + excluded.healthy,
      degraded = t.degraded + excluded.degraded,
      unhealthy = t.unhealthy + excluded.unhealthy$sql$, changes);
  IF TG_OP = 'DELETE' THEN
    DELETE FROM tenant_health_counts t
     WHERE t.total = 0 AND t.tenant_id IN (SELECT tenant_id FROM old_rows);
  END IF;
  RETURN NULL;
END;
$$;

-- Transition tables allow one event per trigger: three triggers, one function.
CREATE TRIGGER connections_count_inserts AFTER INSERT ON connections
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION waygate_count_connection_changes();
CREATE TRIGGER connections_count_updates AFTER UPDATE ON connections
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION waygate_count_connection_changes();
CREATE TRIGGER connections_count_deletes AFTER DELETE ON connections
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION waygate_count_connection_changes();

-- Existing connections (the migration runs with the schema locked against writers).
INSERT INTO tenant_health_counts (tenant_id, total, never_checked, healthy, degraded, unhealthy)
SELECT tenant_id, count(*),
       count(*) FILTER (WHERE last_health_check_at IS NULL),
       count(*) FILTER (WHERE last_health_check_at IS NOT NULL AND health_status = 'healthy'),
       count(*) FILTER (WHERE last_health_check_at IS NOT NULL AND health_status = 'degraded'),
       count(*) FILTER (WHERE last_health_check_at IS NOT NULL AND health_status = 'unhealthy')
  FROM connections GROUP BY tenant_id;
