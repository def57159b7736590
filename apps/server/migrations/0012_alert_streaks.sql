-- Anti-flapping (healthCheckConfig.alertAfterChecks): a state-change event fires only when a new
-- status has held for N consecutive checks. `alerted_status` is the status the last event
-- announced; `status_streak` counts consecutive checks at the current `health_status`.
ALTER TABLE connections
  ADD COLUMN alerted_status text CHECK (alerted_status IN ('healthy', 'degraded', 'unhealthy')),
  ADD COLUMN status_streak integer NOT NULL DEFAULT 0;

UPDATE connections SET alerted_status = health_status, status_streak = 1
 WHERE last_health_check_at IS NOT NULL;
