-- Rollups leave the insert path (issue 15 item 1; apps/server/bench/README.md, "Write path").
--
-- Before: a statement-level trigger on health_checks merged every inserted check into its
-- connection's hourly AND daily rollup (jsonb sketch merge per row group): ≈ 90 % of a batch.
-- Now:
--   1. The trigger only APPENDS each inserted check's rollup facts to `health_rollup_pending`
--      (a narrow queue, no upsert, no merge). It is the only place a trigger writes.
--   2. `waygate_roll_up_pending()` (the scheduler's maintenance loop, every few seconds) moves the
--      queue into hourly rollups in ONE statement: one upsert per connection-hour and per
--      tenant-hour/day, latencies appended as `latency_values int[]` (exact; no sketch merge).
--   3. Daily per-connection rollups are derived from the hourly ones once a day has ended
--      (`waygate_derive_daily_rollups`), as a jsonb sketch (core's LatencySketch buckets);
--      `health_rollup_state.daily_derived_until` says up to where. Checks that arrive later for
--      an already derived day are merged into its daily row by the roll-up pass (rare).
--   4. Readers (src/rollups/read-rollups.ts) read, in ONE statement (one snapshot): daily rows
--      before the watermark, hourly rows after it, and the pending queue. So every committed
--      check is in every answer (staleness 0 s); the pass only bounds the queue's size.
--
-- Checks taken during a maintenance window (`in_maintenance`) are counted apart
-- (`in_maintenance` column of the rollups): they are in no status count and no latency.

ALTER TABLE health_checks ADD COLUMN IF NOT EXISTS in_maintenance boolean NOT NULL DEFAULT false;

-- Hourly rows: exact latencies as int[] (NULL when the hour has none). Rows written by the
-- previous trigger keep their jsonb sketch; readers merge sketch and values, so nothing is lost.
ALTER TABLE health_rollups
  ADD COLUMN latency_values integer[],
  ADD COLUMN in_maintenance integer NOT NULL DEFAULT 0,
  ALTER COLUMN latency_sketch DROP NOT NULL,
  ALTER COLUMN latency_sketch DROP DEFAULT;
ALTER TABLE health_rollups_tenant ADD COLUMN in_maintenance integer NOT NULL DEFAULT 0;
-- The daily derivation and retention select hourly rows by time: a BRIN index is a few pages
-- (rows are appended roughly in time order) and, unlike a B-tree, never blocks HOT updates on
-- PostgreSQL 16+ (bucket_start is never updated anyway).
CREATE INDEX health_rollups_bucket_brin ON health_rollups USING brin (bucket_start);

CREATE TABLE health_rollup_pending (
  tenant_id uuid NOT NULL,
  connection_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  status smallint NOT NULL,
  latency integer,
  in_maintenance boolean NOT NULL
);
-- Every pass deletes what it moved: let PostgreSQL's autovacuum reclaim that often (PGlite has
-- no autovacuum; the scheduler's maintenance vacuums it, src/scheduler/maintenance.ts).
ALTER TABLE health_rollup_pending SET (autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0,
  autovacuum_vacuum_insert_threshold = 10000);
-- Readers look up one tenant's (or connection's) queued checks.
CREATE INDEX health_rollup_pending_tenant_idx ON health_rollup_pending (tenant_id, connection_id);

CREATE TABLE health_rollup_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- Days (UTC) before this have their daily per-connection rollup row; from it on, readers
  -- derive days from the hourly rows.
  daily_derived_until timestamptz NOT NULL
);
-- Daily rows the old trigger wrote for days before today are complete; today's is partial
-- (later checks go to the hourly rows only): drop it and let it be derived from the hourly rows,
-- which hold every check of today (the old trigger's and the new pass's).
INSERT INTO health_rollup_state (daily_derived_until)
VALUES (date_bin('1 day', now(), timestamptz '2000-01-01 00:00:00+00'));
DELETE FROM health_rollups
 WHERE granularity = 'd'
   AND bucket_start >= (SELECT daily_derived_until FROM health_rollup_state);

DROP TRIGGER health_checks_rollup ON health_checks;
DROP FUNCTION waygate_rollup_new_checks();

-- The only trigger that writes on insert into health_checks: append, nothing else.
CREATE FUNCTION waygate_queue_new_checks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO health_rollup_pending (tenant_id, connection_id, created_at, status, latency,
    in_maintenance)
  SELECT n.tenant_id, n.connection_id, n.created_at, n.status, n.test_action_latency_ms,
         n.in_maintenance
    FROM new_checks n;
  RETURN NULL;
END;
$$;

CREATE TRIGGER health_checks_queue_rollup
  AFTER INSERT ON health_checks
  REFERENCING NEW TABLE AS new_checks
  FOR EACH STATEMENT EXECUTE FUNCTION waygate_queue_new_checks();

-- Moves the pending queue into the rollups in one statement; returns the checks moved.
-- Serialised with the daily derivation by an advisory lock (replicas may call it together).
-- Rows queued meanwhile are not in the DELETE's snapshot and stay for the next pass.
CREATE FUNCTION waygate_roll_up_pending() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  moved_count integer;
  derived_until timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('waygate-health:rollups'));
  SELECT daily_derived_until INTO derived_until FROM health_rollup_state;
  WITH moved AS (
    DELETE FROM health_rollup_pending RETURNING *
  ),
  hourly AS (
    INSERT INTO health_rollups AS r (connection_id, granularity, bucket_start, tenant_id,
      healthy, degraded, unhealthy, in_maintenance, latency_count, latency_sum, latency_min,
      latency_max, latency_values)
    SELECT m.connection_id, 'h',
           date_bin('1 hour', m.created_at, timestamptz '2000-01-01 00:00:00+00'), m.tenant_id,
           count(*) FILTER (WHERE NOT m.in_maintenance AND m.status = 0),
           count(*) FILTER (WHERE NOT m.in_maintenance AND m.status = 1),
           count(*) FILTER (WHERE NOT m.in_maintenance AND m.status = 2),
           count(*) FILTER (WHERE m.in_maintenance),
           count(m.latency) FILTER (WHERE NOT m.in_maintenance),
           COALESCE(sum(m.latency) FILTER (WHERE NOT m.in_maintenance), 0),
           min(m.latency) FILTER (WHERE NOT m.in_maintenance),
           max(m.latency) FILTER (WHERE NOT m.in_maintenance),
           array_agg(m.latency) FILTER (WHERE NOT m.in_maintenance AND m.latency IS NOT NULL)
      FROM moved m
     GROUP BY 1, 3, 4
    ON CONFLICT (connection_id, granularity, bucket_start) DO UPDATE SET
      healthy = r.healthy + EXCLUDED.healthy,
      degraded = r.degraded + EXCLUDED.degraded,
      unhealthy = r.unhealthy + EXCLUDED.unhealthy,
      in_maintenance = r.in_maintenance + EXCLUDED.in_maintenance,
      latency_count = r.latency_count + EXCLUDED.latency_count,
      latency_sum = r.latency_sum + EXCLUDED.latency_sum,
      latency_min = LEAST(r.latency_min, EXCLUDED.latency_min),
      latency_max = GREATEST(r.latency_max, EXCLUDED.latency_max),
      -- array_cat keeps the other side when one is NULL.
      latency_values = r.latency_values || EXCLUDED.latency_values
  ),
  -- Checks for a day whose daily row was already derived (late arrivals): merged into it.
  late AS (
    SELECT m.*, date_bin('1 day', m.created_at, timestamptz '2000-01-01 00:00:00+00') AS day
      FROM moved m
     WHERE m.created_at < derived_until
  ),
  late_daily AS (
    INSERT INTO health_rollups AS r (connection_id, granularity, bucket_start, tenant_id,
      healthy, degraded, unhealthy, in_maintenance, latency_count, latency_sum, latency_min,
      latency_max, latency_sketch)
    SELECT g.connection_id, 'd', g.day, g.tenant_id, sum(g.healthy), sum(g.degraded),
           sum(g.unhealthy), sum(g.maintenance), sum(g.latency_count), sum(g.latency_sum),
           min(g.latency_min), max(g.latency_max),
           COALESCE(jsonb_object_agg(g.sketch_key, g.latency_count)
                    FILTER (WHERE g.sketch_key IS NOT NULL), '{}'::jsonb)
      FROM (
        SELECT l.connection_id, l.day, l.tenant_id,
               count(*) FILTER (WHERE NOT l.in_maintenance AND l.status = 0) AS healthy,
               count(*) FILTER (WHERE NOT l.in_maintenance AND l.status = 1) AS degraded,
               count(*) FILTER (WHERE NOT l.in_maintenance AND l.status = 2) AS unhealthy,
               count(*) FILTER (WHERE l.in_maintenance) AS maintenance,
               count(l.latency) FILTER (WHERE NOT l.in_maintenance) AS latency_count,
               COALESCE(sum(l.latency) FILTER (WHERE NOT l.in_maintenance), 0) AS latency_sum,
               min(l.latency) FILTER (WHERE NOT l.in_maintenance) AS latency_min,
               max(l.latency) FILTER (WHERE NOT l.in_maintenance) AS latency_max,
               CASE WHEN l.in_maintenance THEN NULL
                    ELSE waygate_sketch_key(l.latency) END AS sketch_key
          FROM late l
         GROUP BY 1, 2, 3, 12
      ) g
     GROUP BY g.connection_id, g.day, g.tenant_id
    ON CONFLICT (connection_id, granularity, bucket_start) DO UPDATE SET
      healthy = r.healthy + EXCLUDED.healthy,
      degraded = r.degraded + EXCLUDED.degraded,
      unhealthy = r.unhealthy + EXCLUDED.unhealthy,
      in_maintenance = r.in_maintenance + EXCLUDED.in_maintenance,
      latency_count = r.latency_count + EXCLUDED.latency_count,
      latency_sum = r.latency_sum + EXCLUDED.latency_sum,
      latency_min = LEAST(r.latency_min, EXCLUDED.latency_min),
      latency_max = GREATEST(r.latency_max, EXCLUDED.latency_max),
      latency_sketch = waygate_merge_sketch(COALESCE(r.latency_sketch, '{}'),
                                            EXCLUDED.latency_sketch)
  ),
  tenant AS (
    INSERT INTO health_rollups_tenant AS t (tenant_id, granularity, bucket_start, healthy,
      degraded, unhealthy, in_maintenance)
    SELECT m.tenant_id, u.granularity,
           date_bin(u.width, m.created_at, timestamptz '2000-01-01 00:00:00+00'),
           count(*) FILTER (WHERE NOT m.in_maintenance AND m.status = 0),
           count(*) FILTER (WHERE NOT m.in_maintenance AND m.status = 1),
           count(*) FILTER (WHERE NOT m.in_maintenance AND m.status = 2),
           count(*) FILTER (WHERE m.in_maintenance)
      FROM moved m
     CROSS JOIN (VALUES ('h'::"char", interval '1 hour'), ('d'::"char", interval '1 day'))
           u(granularity, width)
     GROUP BY 1, 2, 3
    ON CONFLICT (tenant_id, granularity, bucket_start) DO UPDATE SET
      healthy = t.healthy + EXCLUDED.healthy,
      degraded = t.degraded + EXCLUDED.degraded,
      unhealthy = t.unhealthy + EXCLUDED.unhealthy,
      in_maintenance = t.in_maintenance + EXCLUDED.in_maintenance
  )
  SELECT count(*)::integer INTO moved_count FROM moved;
  RETURN moved_count;
END;
$$;

-- Derives the daily per-connection rollups of every ended day (UTC) from `daily_derived_until`
-- up to the day containing `before` (exclusive; never past the database's own today), from the
-- hourly rows: counts summed, latency sketch = the hourly rows' sketches (migrated rows) plus
-- their values keyed like core's sketch. Then moves the watermark, in the same transaction, so
-- a reader sees either hourly rows or the daily row of a day, never both or neither.
CREATE FUNCTION waygate_derive_daily_rollups(before timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  from_day timestamptz;
  to_day timestamptz;
  derived integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('waygate-health:rollups'));
  -- Hourly rows still queued count too: move them first.
  PERFORM waygate_roll_up_pending();
  SELECT daily_derived_until INTO from_day FROM health_rollup_state;
  to_day := least(date_bin('1 day', before, timestamptz '2000-01-01 00:00:00+00'),
                  date_bin('1 day', clock_timestamp(), timestamptz '2000-01-01 00:00:00+00'));
  IF to_day <= from_day THEN
    RETURN 0;
  END IF;
  WITH hours AS (
    SELECT h.*, date_bin('1 day', h.bucket_start, timestamptz '2000-01-01 00:00:00+00') AS day
      FROM health_rollups h
     WHERE h.granularity = 'h' AND h.bucket_start >= from_day AND h.bucket_start < to_day
  ),
  keys AS (
    SELECT connection_id, day, key, sum(n) AS n
      FROM (SELECT hs.connection_id, hs.day, s.key, s.value::bigint AS n
              FROM hours hs, jsonb_each_text(COALESCE(hs.latency_sketch, '{}')) s
            UNION ALL
            SELECT hs.connection_id, hs.day, waygate_sketch_key(v), 1
              FROM hours hs, unnest(hs.latency_values) v) k
     GROUP BY 1, 2, 3
  ),
  sketches AS (
    SELECT connection_id, day, jsonb_object_agg(key, n) AS sketch FROM keys GROUP BY 1, 2
  ),
  inserted AS (
    INSERT INTO health_rollups AS r (connection_id, granularity, bucket_start, tenant_id,
      healthy, degraded, unhealthy, in_maintenance, latency_count, latency_sum, latency_min,
      latency_max, latency_sketch)
    SELECT hs.connection_id, 'd', hs.day, min(hs.tenant_id::text)::uuid, sum(hs.healthy),
           sum(hs.degraded), sum(hs.unhealthy), sum(hs.in_maintenance), sum(hs.latency_count),
           sum(hs.latency_sum), min(hs.latency_min), max(hs.latency_max),
           COALESCE((SELECT s.sketch FROM sketches s
                      WHERE s.connection_id = hs.connection_id AND s.day = hs.day), '{}'::jsonb)
      FROM hours hs
     GROUP BY hs.connection_id, hs.day
    -- A late check the pass already merged (it cannot: days ≥ the watermark are not merged
    -- into daily rows), or a re-run: the hourly rows are the truth, replace.
    ON CONFLICT (connection_id, granularity, bucket_start) DO UPDATE SET
      healthy = EXCLUDED.healthy, degraded = EXCLUDED.degraded, unhealthy = EXCLUDED.unhealthy,
      in_maintenance = EXCLUDED.in_maintenance, latency_count = EXCLUDED.latency_count,
      latency_sum = EXCLUDED.latency_sum, latency_min = EXCLUDED.latency_min,
      latency_max = EXCLUDED.latency_max, latency_sketch = EXCLUDED.latency_sketch
    RETURNING 1
  )
  SELECT count(*)::integer INTO derived FROM inserted;
  UPDATE health_rollup_state SET daily_derived_until = to_day;
  RETURN derived;
END;
$$;
