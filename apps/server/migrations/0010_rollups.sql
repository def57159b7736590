-- Hourly and daily rollups per connection, kept far longer than raw checks (hourly 30 days,
-- daily 400 days by default). Uptime windows and latency trends read these, never raw history.
--
-- They are maintained by a statement-level trigger on health_checks: whatever inserts checks
-- (a scheduler batch of 500, a manual check) updates the rollups in the same statement, so the
-- scheduler's round trips stay at one per batch and a rollup can never miss a stored check.
CREATE TABLE health_rollups (
  connection_id uuid NOT NULL,
  granularity "char" NOT NULL CHECK (granularity IN ('h', 'd')),
  bucket_start timestamptz NOT NULL,
  tenant_id uuid NOT NULL,
  healthy integer NOT NULL DEFAULT 0,
  degraded integer NOT NULL DEFAULT 0,
  unhealthy integer NOT NULL DEFAULT 0,
  -- Test-action latency: exact count/sum/min/max plus a mergeable DDSketch (core's
  -- LatencySketch buckets as {"index": count}, values of 0 ms under "z") for percentiles.
  latency_count integer NOT NULL DEFAULT 0,
  latency_sum bigint NOT NULL DEFAULT 0,
  latency_min integer,
  latency_max integer,
  latency_sketch jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (connection_id, granularity, bucket_start)
);
CREATE INDEX health_rollups_tenant_idx ON health_rollups (tenant_id, granularity, bucket_start);

-- Tenant-wide rollups: the summary's uptimeLast24h reads 24 rows instead of summing the
-- hourly rollups of every connection (240,000 rows for 10,000 connections).
CREATE TABLE health_rollups_tenant (
  tenant_id uuid NOT NULL,
  granularity "char" NOT NULL CHECK (granularity IN ('h', 'd')),
  bucket_start timestamptz NOT NULL,
  healthy integer NOT NULL DEFAULT 0,
  degraded integer NOT NULL DEFAULT 0,
  unhealthy integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, granularity, bucket_start)
);

-- Adds two sketches' bucket counts key by key.
CREATE FUNCTION waygate_merge_sketch(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(jsonb_object_agg(key, total), '{}'::jsonb)
    FROM (SELECT key, sum(value::bigint) AS total
            FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) s
           GROUP BY key) t
$$;

-- The sketch bucket of a latency, exactly as core's createLatencySketch computes it:
-- ceil(ln(v) / ln(γ)) with γ = (1 + 0.01) / (1 - 0.01); 0 ms has its own bucket "z".
CREATE FUNCTION waygate_sketch_key(latency integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN latency = 0 THEN 'z'
              ELSE ceil(ln(latency::double precision) / ln(1.01 / 0.99))::integer::text END
$$;

CREATE FUNCTION waygate_rollup_new_checks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO health_rollups AS r (connection_id, granularity, bucket_start, tenant_id, healthy,
    degraded, unhealthy, latency_count, latency_sum, latency_min, latency_max, latency_sketch)
  SELECT g.connection_id, g.granularity, g.bucket_start, min(g.tenant_id::text)::uuid,
         sum(g.healthy), sum(g.degraded), sum(g.unhealthy), sum(g.latency_count),
         sum(g.latency_sum), min(g.latency_min), max(g.latency_max),
         COALESCE(jsonb_object_agg(g.sketch_key, g.latency_count)
                  FILTER (WHERE g.sketch_key IS NOT NULL), '{}'::jsonb)
    FROM (
      SELECT n.connection_id, u.granularity,
             date_bin(u.width, n.created_at, timestamptz '2000-01-01 00:00:00+00') AS bucket_start,
             min(n.tenant_id::text)::uuid AS tenant_id,
             count(*) FILTER (WHERE n.status = 0) AS healthy,
             count(*) FILTER (WHERE n.status = 1) AS degraded,
             count(*) FILTER (WHERE n.status = 2) AS unhealthy,
             count(n.test_action_latency_ms) AS latency_count,
             COALESCE(sum(n.test_action_latency_ms), 0) AS latency_sum,
             min(n.test_action_latency_ms) AS latency_min,
             max(n.test_action_latency_ms) AS latency_max,
             waygate_sketch_key(n.test_action_latency_ms) AS sketch_key
        FROM new_checks n
       CROSS JOIN (VALUES ('h'::"char", interval '1 hour'), ('d'::"char", interval '1 day')) u(granularity, width)
       GROUP BY 1, 2, 3, waygate_sketch_key(n.test_action_latency_ms)
    ) g
   GROUP BY g.connection_id, g.granularity, g.bucket_start
  ON CONFLICT (connection_id, granularity, bucket_start) DO UPDATE SET
    healthy = r.healthy + EXCLUDED.healthy,
    degraded = r.degraded + EXCLUDED.degraded,
    unhealthy = r.unhealthy + EXCLUDED.unhealthy,
    latency_count = r.latency_count + EXCLUDED.latency_count,
    latency_sum = r.latency_sum + EXCLUDED.latency_sum,
    latency_min = LEAST(r.latency_min, EXCLUDED.latency_min),
    latency_max = GREATEST(r.latency_max, EXCLUDED.latency_max),
    latency_sketch = waygate_merge_sketch(r.latency_sketch, EXCLUDED.latency_sketch);

  INSERT INTO health_rollups_tenant AS t (tenant_id, granularity, bucket_start, healthy, degraded, unhealthy)
  SELECT n.tenant_id, u.granularity,
         date_bin(u.width, n.created_at, timestamptz '2000-01-01 00:00:00+00'),
         count(*) FILTER (WHERE n.status = 0), count(*) FILTER (WHERE n.status = 1),
         count(*) FILTER (WHERE n.status = 2)
    FROM new_checks n
   CROSS JOIN (VALUES ('h'::"char", interval '1 hour'), ('d'::"char", interval '1 day')) u(granularity, width)
   GROUP BY 1, 2, 3
  ON CONFLICT (tenant_id, granularity, bucket_start) DO UPDATE SET
    healthy = t.healthy + EXCLUDED.healthy,
    degraded = t.degraded + EXCLUDED.degraded,
    unhealthy = t.unhealthy + EXCLUDED.unhealthy;
  RETURN NULL;
END;
$$;

CREATE TRIGGER health_checks_rollup
  AFTER INSERT ON health_checks
  REFERENCING NEW TABLE AS new_checks
  FOR EACH STATEMENT EXECUTE FUNCTION waygate_rollup_new_checks();
