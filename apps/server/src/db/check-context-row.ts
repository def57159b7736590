import type { ApiKeyPlacement, AuthType, BreakerState, CredentialType } from '@waygate/health-core';

/**
 * The SQL of a check context, in one place: the columns a check reads (`c` is `connections`, `i`
 * is `integrations`) and the integration's actions as JSON. The runner loads contexts with them
 * (`loadCheckContexts`) and the scheduler's claim selects the same columns in its own statement;
 * both map the rows with the runner's `toCheckContext`. Here, below both, the scheduler reads the
 * SQL without reaching into the runner for it.
 */
export const CHECK_CONTEXT_COLUMNS = `
  c.id, c.tenant_id, c.credential_type, c.credentials_ciphertext,
  c.credential_expires_at, c.credential_needs_reauth, c.health_check_test_action_id,
  c.breaker_status, c.breaker_opened_at, c.consecutive_failures, c.recent_failure_times,
  i.id AS integration_id, i.base_url, i.auth_type, i.api_key_placement, i.health_check_config`;

/**
 * One integration's actions as a JSON array, oldest first ("first GET" means first created), as an
 * aggregate over `actions` rows aliased `alias` (`a.` or empty for the bare table).
 */
export const actionsJson = (alias: string) =>
  `json_agg(json_build_object('id', ${alias}id, 'name', ${alias}name, 'method', ${alias}method,
     'path', ${alias}path, 'tags', ${alias}tags, 'parameters', ${alias}parameters)
     ORDER BY ${alias}created_at, ${alias}id)`;

/** The columns plus the connection's integration's actions (`actions`), for a handful of rows. */
export const CHECK_CONTEXT_SELECT = `${CHECK_CONTEXT_COLUMNS},
  COALESCE((
    SELECT ${actionsJson('a.')} FROM actions a WHERE a.integration_id = c.integration_id
  ), '[]'::json) AS actions`;

/** A row of `CHECK_CONTEXT_SELECT` (the claim adds `actions` from a query of its own). */
export interface CheckContextRow {
  id: string;
  tenant_id: string;
  credential_type: CredentialType | null;
  credentials_ciphertext: string | null;
  credential_expires_at: Date | string | null;
  credential_needs_reauth: boolean;
  health_check_test_action_id: string | null;
  breaker_status: BreakerState['status'];
  breaker_opened_at: Date | string | null;
  consecutive_failures: number;
  recent_failure_times: unknown;
  integration_id: string;
  base_url: string;
  auth_type: AuthType;
  api_key_placement: ApiKeyPlacement | null;
  health_check_config: unknown;
  actions: unknown;
}
