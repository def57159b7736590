-- Notification channels (Slack, Teams, Discord, email, PagerDuty) and their outbox (issue 16).
-- Runs unchanged on PGlite (PostgreSQL 18) and PostgreSQL 15+.
--
-- Flow: health_events → (statement trigger) notification_queue, one row per matching channel →
-- the grouping pass folds a channel's queued events into ONE notification_messages row once the
-- oldest has waited the grouping window → the delivery worker sends it, with the webhooks'
-- retries and lease fencing (src/notifications/README.md).

-- Added by 0070 (write path) too; repeated so this file stands on its own.
ALTER TABLE health_checks ADD COLUMN IF NOT EXISTS in_maintenance boolean NOT NULL DEFAULT false;

CREATE TABLE notification_channels (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('slack', 'msteams', 'discord', 'email', 'pagerduty')),
  name text NOT NULL,
  -- Non-secret config only (email `to`); the secret (webhook URL, routing key) is in
  -- secret_ciphertext: AES-256-GCM with the credential cipher, associated data
  -- "notification-channel:<tenant>:<channel>". secret_hint is what reads show of it.
  config jsonb NOT NULL DEFAULT '{}',
  secret_ciphertext text,
  secret_hint text,
  -- The filter, as arrays the enqueue trigger can test without parsing jsonb.
  statuses text[] NOT NULL DEFAULT '{unhealthy}',
  integration_ids uuid[] NOT NULL DEFAULT '{}',
  connection_ids uuid[] NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  last_delivery_at timestamptz,
  last_delivery_status text CHECK (last_delivery_status IN ('delivered', 'failed')),
  last_delivery_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX notification_channels_tenant_created_idx
  ON notification_channels (tenant_id, created_at DESC, id DESC);
CREATE INDEX notification_channels_tenant_enabled_idx
  ON notification_channels (tenant_id) WHERE enabled;

-- Events waiting for their channel's group to close. `kind`: 'alert' (entered a filtered
-- status) or 'recovery' (left them). queued_at is the database's clock, so replicas agree.
CREATE TABLE notification_queue (
  channel_id uuid NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
  event_id uuid NOT NULL REFERENCES health_events (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('alert', 'recovery')),
  queued_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, event_id)
);
CREATE INDEX notification_queue_queued_idx ON notification_queue (channel_id, queued_at);

-- One row per grouped message. `events` is the snapshot the message is rendered from
-- ([{ eventId, connectionId, connectionName, integrationName, fromStatus, toStatus, reasons,
-- at, kind }]), so retries send the same text even if a connection is renamed meanwhile.
CREATE TABLE notification_messages (
  id uuid PRIMARY KEY,
  channel_id uuid NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL,
  events jsonb NOT NULL,
  event_count integer NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  lease_owner text,
  last_status_code integer,
  last_error text,
  attempt_log jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  delivered_at timestamptz
);
CREATE INDEX notification_messages_due_idx ON notification_messages (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX notification_messages_channel_created_idx
  ON notification_messages (channel_id, created_at DESC, id DESC);

-- Outbox: queued by the statement that writes the events (as the webhooks' trigger does).
-- Events of checks taken during a maintenance window are not queued: the check row carries
-- in_maintenance, and an AFTER trigger sees every row its statement wrote.
CREATE FUNCTION waygate_enqueue_notifications() RETURNS trigger
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
     AND NOT EXISTS (
       SELECT 1 FROM health_checks h
        WHERE h.connection_id = n.connection_id AND h.created_at = n.created_at
          AND h.id = n.health_check_id AND h.in_maintenance)
  ON CONFLICT (channel_id, event_id) DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE TRIGGER health_events_enqueue_notifications
  AFTER INSERT ON health_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION waygate_enqueue_notifications();

-- Generic webhooks skip maintenance too ("excluded from alerts and notifications").
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
   WHERE NOT EXISTS (
     SELECT 1 FROM health_checks h
      WHERE h.connection_id = n.connection_id AND h.created_at = n.created_at
        AND h.id = n.health_check_id AND h.in_maintenance)
  ON CONFLICT (webhook_id, event_id) DO NOTHING;
  RETURN NULL;
END;
$$;
