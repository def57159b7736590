-- Badge tokens (issue 14): public, revocable tokens behind /badges/:token/status.svg and
-- /badges/:token/uptime.svg. Each points at one connection or one integration. Only a SHA-256
-- of the token is stored: tokens carry 256 random bits, so a slow hash adds nothing, and a
-- database leak does not reveal them. Revoking deletes the row; deleting the connection or
-- integration deletes its tokens.
CREATE TABLE badge_tokens (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  connection_id uuid REFERENCES connections (id) ON DELETE CASCADE,
  integration_id uuid REFERENCES integrations (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  CHECK ((connection_id IS NULL) <> (integration_id IS NULL))
);
CREATE INDEX badge_tokens_connection_idx ON badge_tokens (connection_id) WHERE connection_id IS NOT NULL;
CREATE INDEX badge_tokens_integration_idx ON badge_tokens (integration_id)
  WHERE integration_id IS NOT NULL;
