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
  /** The connection's own test-action p95 over the last 7 days (ms); null or absent: none yet. */
  latencyBaselineMs?: number | null;
}

/** `healthCheckConfig.latencyBaseline` as the rule reads it. */
export interface LatencyBaselinePolicy {
  enabled: boolean;
  /** Slower than this many times the baseline… */
  multiplier: number;
  /** …and slower than this (ms), so a fast API's tiny baseline does not flap on noise. */
  floorMs: number;
}

export const DEFAULT_LATENCY_BASELINE: LatencyBaselinePolicy = Object.freeze({
  enabled: false,
  multiplier: 3,
  floorMs: 500,
});

/**
 * The baseline rule: true when enabled and the latency exceeds BOTH the floor and `multiplier`
 * × the baseline (strictly). No baseline yet (a new connection, no checks in 7 days) never
 * triggers it: there is nothing to be slower than.
 */
export function exceedsLatencyBaseline(
  latencyMs: number,
  baselineMs: number | null | undefined,
  policy: Partial<LatencyBaselinePolicy> | undefined,
): boolean {
  if (!policy?.enabled) return false;
  if (baselineMs == null || !Number.isFinite(baselineMs) || baselineMs < 0) return false;
  if (!Number.isFinite(latencyMs)) return false;
  const multiplier = sanePositive(policy.multiplier, DEFAULT_LATENCY_BASELINE.multiplier);
  const floorMs =
    Number.isFinite(policy.floorMs) && policy.floorMs! >= 0
      ? policy.floorMs!
      : DEFAULT_LATENCY_BASELINE.floorMs;
  return latencyMs > floorMs && latencyMs > multiplier * baselineMs;
}

export interface HealthStatusPolicy {
  /** A test action slower than this (strictly greater) degrades the connection. */
  degradedLatencyMs: number;
  /** This many recent failures (or more) make the connection unhealthy. */
  recentFailureThreshold: number;
  /** How far back "recent" reaches; used by callers with `pruneRecentFailures`. */
  recentWindowMs: number;
  /** Baseline-relative latency (`latency_above_baseline`); off when absent. */
  latencyBaseline?: Partial<LatencyBaselinePolicy>;
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
  latency_above_baseline: 8,
  breaker_half_open: 9,
  recent_failures: 10,
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
    if (exceedsLatencyBaseline(test.latencyMs, input.latencyBaselineMs, policy.latencyBaseline)) {
      reasons.add('latency_above_baseline');
    }
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
