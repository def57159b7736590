import type { CheckErrorCode, HealthReason } from './schemas/enums';

export interface ResolvableError {
  code: CheckErrorCode | string;
  statusCode?: number;
}

/** What a user can do about each error code; shown beside a failed check in the dashboard. */
export const SUGGESTED_RESOLUTIONS: Record<CheckErrorCode, string> = {
  CREDENTIALS_EXPIRED: 'The credentials have expired: reconnect the integration to get new ones.',
  CREDENTIALS_MISSING: 'No credentials are stored for this connection: add them and check again.',
  CREDENTIALS_NEEDS_REAUTH:
    'The provider asked for a new sign-in: re-authorise the connection to restore access.',
  UNAUTHORIZED:
    'The API rejected the credentials: re-authorise the connection, or check that the token has the scopes this action needs.',
  RATE_LIMITED:
    'The API is rate limiting requests: lower the health-check frequency or pick a cheaper test action.',
  TIMEOUT:
    'The API did not answer in time: check its status page, or choose a lighter test action.',
  DNS_ERROR: 'The API host name could not be resolved: check the base URL for typos and your DNS.',
  CONNECTION_REFUSED:
    'The API host refused the connection: check the base URL and port, and whether the service is up.',
  CONNECTION_RESET:
    'The connection was dropped mid-request: this is usually transient; if it persists, check proxies and firewalls.',
  TLS_ERROR:
    "The TLS handshake failed: check the API's certificate (expired, self-signed or wrong host name).",
  NETWORK_ERROR: 'The API could not be reached: check network connectivity and the base URL.',
  HTTP_4XX:
    'The API rejected the test request: check the test action path and parameters, or choose another test action.',
  HTTP_5XX:
    'The API returned a server error: the problem is on the provider side; check its status page and retry later.',
  TOO_MANY_REDIRECTS:
    'The API redirected too many times: check the base URL (http vs https, trailing slash).',
  SSRF_BLOCKED:
    'The address resolves to a private or reserved network, which is blocked: use a public host, or have the operator allow-list it with WAYGATE_OUTBOUND_ALLOW (hosts or CIDRs, e.g. 127.0.0.1).',
  INVALID_URL:
    'The test action URL is not valid: check the integration base URL and the action path.',
  CIRCUIT_OPEN:
    'Checks are paused after repeated failures: fix the underlying error; a probe runs automatically after the cooldown.',
  TEST_ACTION_SKIPPED:
    'The test action needs parameters and was skipped: tag a parameterless GET action with "health-check" or set a test action.',
};

/** One actionable sentence for an error, or null when there is nothing to suggest. */
export function suggestResolution(error: ResolvableError | null | undefined): string | null {
  if (!error) return null;
  const status = error.statusCode;
  // A status code is more specific than a generic HTTP_4XX/HTTP_5XX code.
  if (status === 401 || status === 403) return SUGGESTED_RESOLUTIONS.UNAUTHORIZED;
  if (status === 429) return SUGGESTED_RESOLUTIONS.RATE_LIMITED;
  if (status === 408 || status === 504) return SUGGESTED_RESOLUTIONS.TIMEOUT;
  if (Object.hasOwn(SUGGESTED_RESOLUTIONS, error.code)) {
    return SUGGESTED_RESOLUTIONS[error.code as CheckErrorCode];
  }
  if (status !== undefined && status >= 500 && status <= 599) return SUGGESTED_RESOLUTIONS.HTTP_5XX;
  if (status !== undefined && status >= 400 && status <= 499) return SUGGESTED_RESOLUTIONS.HTTP_4XX;
  return null;
}

const REASON_TEXT: Record<HealthReason, string> = {
  credential_expiring: 'Credentials expire within the hour',
  latency_high: 'Test action is slow',
  latency_above_baseline: 'Slower than usual: above its 7-day p95 baseline',
  breaker_half_open: 'Recovering: probing after repeated failures',
  recent_failures: 'Some checks failed recently',
  credential_expired: 'Credentials expired',
  credential_missing: 'No credentials',
  credential_needs_reauth: 'Re-authorisation needed',
  test_action_failed: 'Test action failed',
  breaker_open: 'Checks paused after repeated failures',
  recent_failures_exceeded: 'Too many recent failures',
};

/** Short label for a status reason, as shown in a badge tooltip. */
export function describeReason(reason: HealthReason): string {
  return REASON_TEXT[reason] ?? 'Unknown reason';
}

const ERROR_TEXT: Record<CheckErrorCode, string> = {
  TIMEOUT: 'Request timed out',
  DNS_ERROR: 'Host name not found',
  CONNECTION_REFUSED: 'Connection refused',
  CONNECTION_RESET: 'Connection reset',
  TLS_ERROR: 'TLS handshake failed',
  NETWORK_ERROR: 'Network error',
  HTTP_4XX: 'Request rejected',
  HTTP_5XX: 'Server error',
  UNAUTHORIZED: 'Credentials rejected',
  RATE_LIMITED: 'Rate limited',
  TOO_MANY_REDIRECTS: 'Too many redirects',
  SSRF_BLOCKED: 'Blocked private address',
  INVALID_URL: 'Invalid URL',
  CREDENTIALS_EXPIRED: 'Credentials expired',
  CREDENTIALS_MISSING: 'No credentials',
  CREDENTIALS_NEEDS_REAUTH: 'Re-authorisation needed',
  CIRCUIT_OPEN: 'Skipped: circuit breaker open',
  TEST_ACTION_SKIPPED: 'Test action skipped: needs parameters',
};

/** Short sentence for a recorded error, with the HTTP status when there is one ("Server error (503)"). */
export function describeCheckError(error: ResolvableError | null | undefined): string {
  if (!error) return 'No error';
  const base = Object.hasOwn(ERROR_TEXT, error.code)
    ? ERROR_TEXT[error.code as CheckErrorCode]
    : 'Check failed';
  return error.statusCode !== undefined ? `${base} (${error.statusCode})` : base;
}
