-- Webhook endpoints per tenant and their delivery outbox. Runs unchanged on PGlite (PostgreSQL 18)
-- and PostgreSQL 15+.

CREATE TABLE webhooks (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  url text NOT NULL,
  description text,
  -- The signing secret (`whsec_…`), AES-256-GCM with the server's credential cipher, bound to
  -- this row (associated data "webhook-secret:<tenant>:<webhook>").
  secret_ciphertext text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX webhooks_tenant_created_idx ON webhooks (tenant_id, created_at DESC, id DESC);
-- What the enqueue trigger looks up for every batch of events.
CREATE INDEX webhooks_tenant_enabled_idx ON webhooks (tenant_id) WHERE enabled;

-- The outbox: one row per (webhook, event). The worker claims due rows with FOR UPDATE SKIP
-- LOCKED and moves next_attempt_at forward by a lease, so a replica that dies mid-send only
-- delays that delivery (at-least-once, and exactly once while replicas stay up).
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY,
  webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL,
  event_type text NOT NULL DEFAULT 'connection.health_changed'
    CHECK (event_type IN ('connection.health_changed', 'webhook.test')),
  -- NULL for test events. Deleting a connection deletes its events and so their deliveries.
  event_id uuid REFERENCES health_events (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  lease_owner text,
  last_status_code integer,
  last_error text,
  -- Every attempt: [{ "at", "statusCode", "errorCode", "latencyMs" }], oldest first.
  attempt_log jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook_created_idx
  ON webhook_deliveries (webhook_id, created_at DESC, id DESC);

-- Outbox pattern: deliveries are written by the same statement that writes the events (a
-- statement-level trigger with a transition table: one INSERT per batch, not per row), so an
-- event is never lost between the check and the queue and record-checks needs no change.
-- Ids are time-ordered like the server's ULIDs: 48-bit milliseconds of the event, then random.
CREATE FUNCTION waygate_enqueue_webhook_deliveries() RETURNS trigger
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

CREATE TRIGGER health_events_enqueue_webhooks
  AFTER INSERT ON health_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION waygate_enqueue_webhook_deliveries();
