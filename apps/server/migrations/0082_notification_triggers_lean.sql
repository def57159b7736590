-- recordChecks writes no health event for a check taken in a maintenance window (the rule's one
-- home, src/runner/record-checks.ts), so the enqueue triggers need not look the check up again:
-- 0080's NOT EXISTS probe into health_checks (every daily partition) cost ~90 ms per 500 events
-- on PGlite (src/notifications/bench/notification-bench.ts). Both triggers as before 0080's probe.
CREATE OR REPLACE FUNCTION waygate_enqueue_notifications() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notification_queue (channel_id, event_id, tenant_id, kind)
  SELECT ch.id, n.id, n.tenant_id,
         CASE WHEN n.to_status = ANY (ch.statuses) THEN 'alert' ELSE 'recovery' END
    FROM new_events n
    JOIN notification_channels ch ON ch.tenant_id = n.tenant_id AND ch.enabled
    JOIN connections c ON c.id = n.connection_id
   WHERE (n.to_status = ANY (ch.statuses)
          OR (n.from_status = ANY (ch.statuses) AND NOT n.to_status = ANY (ch.statuses)))
     AND (cardinality(ch.integration_ids) = 0 AND cardinality(ch.connection_ids) = 0
          OR c.integration_id = ANY (ch.integration_ids)
          OR c.id = ANY (ch.connection_ids))
  ON CONFLICT (channel_id, event_id) DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION waygate_enqueue_webhook_deliveries() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (id, webhook_id, tenant_id, event_type, event_id, status,
    attempts, next_attempt_at, created_at)
  SELECT (lpad(to_hex(floor(extract(epoch FROM n.created_at) * 1000)::bigint), 12, '0')
          || substr(replace(gen_random_uuid()::text, '-', ''), 13))::uuid,
         w.id, n.tenant_id, 'connection.health_changed', n.id, 'pending', 0, n.created_at,
         n.created_at
    FROM new_events n
    JOIN webhooks w ON w.tenant_id = n.tenant_id AND w.enabled
  ON CONFLICT (webhook_id, event_id) DO NOTHING;
  RETURN NULL;
END;
$$;
