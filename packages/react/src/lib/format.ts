import type { CircuitBreakerStatus, CredentialStatus, TestActionRule } from '@waygate/health-core';

export const CREDENTIAL_LABEL: Record<CredentialStatus, string> = {
  active: 'Active',
  expiring: 'Expiring soon',
  expired: 'Expired',
  missing: 'Missing',
  needs_reauth: 'Needs re-authorisation',
};

export const BREAKER_LABEL: Record<CircuitBreakerStatus, string> = {
  closed: 'Closed (checks run normally)',
  half_open: 'Half-open (probing)',
  open: 'Open (checks paused)',
};

/** Why this test action was chosen, worded after the spec's selection priority list. */
export const TEST_ACTION_RULE_LABEL: Record<TestActionRule, string> = {
  connection_override: 'Set on this connection',
  integration_config: 'Set in the integration health-check config',
  health_check_tag: 'Tagged "health-check"',
  first_safe_get: 'First GET action without required parameters',
  first_get_needs_params: 'First GET action (skipped: it needs parameters)',
  none: 'No test action: credentials are checked only',
};

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'No data';
  return `${value.toFixed(2)}%`;
}

/** "1 check", "2 checks": the count with its noun, never "1 checks". */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
