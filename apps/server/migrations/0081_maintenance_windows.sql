-- Maintenance windows (issue 16). A one-off window has starts_at/ends_at; a recurring one has an
-- RRULE read in time_zone's wall clock from starts_at on, each occurrence lasting
-- duration_minutes. Checks during a window are stored with health_checks.in_maintenance (set by
-- recordChecks from src/notifications/maintenance/maintenance-calendar.ts): no uptime, no
-- event, no webhook, no notification.
CREATE TABLE maintenance_windows (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  rrule text,
  duration_minutes integer,
  time_zone text,
  -- Scope: both empty = the whole tenant; otherwise connections in either list.
  integration_ids uuid[] NOT NULL DEFAULT '{}',
  connection_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((rrule IS NULL AND ends_at IS NOT NULL AND ends_at > starts_at
          AND duration_minutes IS NULL AND time_zone IS NULL)
      OR (rrule IS NOT NULL AND ends_at IS NULL AND duration_minutes > 0
          AND time_zone IS NOT NULL))
);
CREATE INDEX maintenance_windows_tenant_created_idx
  ON maintenance_windows (tenant_id, created_at DESC, id DESC);
