import { sanePositive, toTime } from './sanitize';
import type {
  CircuitBreakerStatus,
  CredentialStatus,
  HealthCheckStatus,
  HealthReason,
} from './schemas/enums';
import { REASON_SEVERITY } from './schemas/enums';

export interface HealthStatusInput {
  credentialStatus: CredentialStatus;
  testAction: { executed: false } | { executed: true; success: boolean; latencyMs: number };
  circuitBreakerStatus: CircuitBreakerStatus;
  /** Failures inside the recent window, including this check if it failed. */
  recentFailures: number;
}

export interface HealthStatusPolicy {
  /** A test action slower than this (strictly greater) degrades the connection. */
  degradedLatencyMs: number;
  /** This many recent failures (or more) make the connection unhealthy. */
  recentFailureThreshold: number;
  /** How far back "recent" reaches; used by callers with `pruneRecentFailures`. */
  recentWindowMs: number;
}

export const DEFAULT_HEALTH_STATUS_POLICY: HealthStatusPolicy = Object.freeze({
  degradedLatencyMs: 2000,
  recentFailureThreshold: 3,
  recentWindowMs: 3_600_000,
});

export interface HealthStatusResult {
  status: HealthCheckStatus;
  /** Every condition that applied, unhealthy ones first; empty when healthy. */
  reasons: HealthReason[];
}

/**
 * Where each reason is listed in a result (worst first). A `Record` over the enum, so a new reason
 * fails to compile until it is given a place here instead of being silently dropped.
 */
const REASON_RANK: Record<HealthReason, number> = {
  credential_expired: 0,
  credential_missing: 1,
  credential_needs_reauth: 2,
  test_action_failed: 3,
  breaker_open: 4,
  recent_failures_exceeded: 5,
  credential_expiring: 6,
  latency_high: 7,
  breaker_half_open: 8,
  recent_failures: 9,
};

/**
 * The spec's status table. Every matching condition is collected (so the UI can explain the badge
 * fully) and the worst severity wins: one unhealthy condition outweighs any number of degraded.
 */
export function determineHealthStatus(
  input: HealthStatusInput,
  policy: Partial<HealthStatusPolicy> = {},
): HealthStatusResult {
  const latencyLimit = sanePositive(
    policy.degradedLatencyMs,
    DEFAULT_HEALTH_STATUS_POLICY.degradedLatencyMs,
  );
  const threshold = Math.max(
    1,
    sanePositive(
      policy.recentFailureThreshold,
      DEFAULT_HEALTH_STATUS_POLICY.recentFailureThreshold,
    ),
  );
  const reasons = new Set<HealthReason>();

  switch (input.credentialStatus) {
    case 'expired':
      reasons.add('credential_expired');
      break;
    case 'missing':
      reasons.add('credential_missing');
      break;
    case 'needs_reauth':
      reasons.add('credential_needs_reauth');
      break;
    case 'expiring':
      reasons.add('credential_expiring');
      break;
    case 'active':
      break;
    default:
      // An unknown credential state cannot be vouched for.
      reasons.add('credential_missing');
  }

  const test = input.testAction;
  if (test.executed) {
    if (!test.success) reasons.add('test_action_failed');
    // A NaN latency cannot prove the call was fast enough.
    if (!(test.latencyMs <= latencyLimit)) reasons.add('latency_high');
  }

  if (input.circuitBreakerStatus === 'open') reasons.add('breaker_open');
  else if (input.circuitBreakerStatus === 'half_open') reasons.add('breaker_half_open');

  const failures = Number.isFinite(input.recentFailures)
    ? Math.max(0, input.recentFailures)
    : threshold;
  if (failures >= threshold) reasons.add('recent_failures_exceeded');
  else if (failures > 0) reasons.add('recent_failures');

  const sorted = [...reasons].sort((a, b) => REASON_RANK[a] - REASON_RANK[b]);
  const status: HealthCheckStatus = sorted.some((r) => REASON_SEVERITY[r] === 'unhealthy')
    ? 'unhealthy'
    : sorted.length > 0
      ? 'degraded'
      : 'healthy';
  return { status, reasons: sorted };
}

/**
 * Keeps the failure timestamps inside `(now - windowMs, now]`, oldest first, at most `max` of the
 * newest. Unparseable entries are dropped. Future entries (clock skew between replicas) are kept,
 * since a failure cannot be less recent than now.
 */
export function pruneRecentFailures(
  failureTimes: readonly (string | Date)[],
  now: Date,
  windowMs: number,
  max = 20,
): string[] {
  const from = now.getTime() - windowMs;
  const kept = failureTimes
    .map((t) => toTime(t))
    .filter((t): t is number => t !== null && t > from)
    .sort((a, b) => a - b);
  const limit = Math.max(0, Math.floor(max));
  return kept.slice(Math.max(0, kept.length - limit)).map((t) => new Date(t).toISOString());
}
