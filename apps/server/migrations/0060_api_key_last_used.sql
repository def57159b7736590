-- API key rotation: when a key was last used (stamped at most once a minute per key, so a busy
-- key does not turn every request into a write). Revoked keys keep their row with revoked_at.
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
