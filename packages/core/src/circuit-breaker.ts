import { sanePositive, toTime } from './sanitize';
import type { CircuitBreakerStatus } from './schemas/enums';

export interface BreakerState {
  status: CircuitBreakerStatus;
  consecutiveFailures: number;
  /** When the breaker last opened; the cooldown counts from here. */
  openedAt: string | null;
}

export interface BreakerPolicy {
  /** Consecutive failures that open a closed breaker. */
  failureThreshold: number;
  /** How long an open breaker stays open before one probe is allowed. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = Object.freeze({
  failureThreshold: 5,
  cooldownMs: 300_000,
});

export const INITIAL_BREAKER_STATE: BreakerState = Object.freeze({
  status: 'closed',
  consecutiveFailures: 0,
  openedAt: null,
});

function resolve(policy: Partial<BreakerPolicy>): BreakerPolicy {
  return {
    failureThreshold: Math.max(
      1,
      Math.floor(sanePositive(policy.failureThreshold, DEFAULT_BREAKER_POLICY.failureThreshold)),
    ),
    cooldownMs: sanePositive(policy.cooldownMs, DEFAULT_BREAKER_POLICY.cooldownMs),
  };
}

/**
 * Called before a check: an open breaker whose cooldown has elapsed becomes half_open, which lets
 * exactly this check through as the probe. An open breaker with no readable `openedAt` moves to
 * half_open too, since otherwise it could never close again.
 */
export function breakerBeforeCheck(
  state: BreakerState,
  now: Date,
  policy: Partial<BreakerPolicy> = {},
): BreakerState {
  if (state.status !== 'open') return state;
  const { cooldownMs } = resolve(policy);
  const opened = state.openedAt === null ? null : toTime(state.openedAt);
  if (opened === null || now.getTime() - opened >= cooldownMs) {
    return { ...state, status: 'half_open' };
  }
  return state;
}

/** Only an open breaker blocks the outbound call; half_open lets the probe through. */
export function breakerAllowsCall(state: BreakerState): boolean {
  return state.status !== 'open';
}

/**
 * Called with the outcome of a call. Success always closes and resets the count; a failed probe
 * (half_open) reopens at once; a closed breaker opens when the consecutive failures reach the
 * threshold. A result while still open (should not happen: the call was blocked) keeps it open.
 */
export function breakerAfterResult(
  state: BreakerState,
  success: boolean,
  now: Date,
  policy: Partial<BreakerPolicy> = {},
): BreakerState {
  if (success) return { status: 'closed', consecutiveFailures: 0, openedAt: null };
  const { failureThreshold } = resolve(policy);
  const previous = Number.isFinite(state.consecutiveFailures)
    ? Math.max(0, Math.floor(state.consecutiveFailures))
    : 0;
  const consecutiveFailures = previous + 1;
  const openedNow = now.toISOString();
  if (state.status === 'half_open')
    return { status: 'open', consecutiveFailures, openedAt: openedNow };
  if (state.status === 'open') {
    return { status: 'open', consecutiveFailures, openedAt: state.openedAt ?? openedNow };
  }
  if (consecutiveFailures >= failureThreshold) {
    return { status: 'open', consecutiveFailures, openedAt: openedNow };
  }
  return { status: 'closed', consecutiveFailures, openedAt: null };
}
