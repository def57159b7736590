import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BreakerState,
  breakerAfterResult,
  breakerAllowsCall,
  breakerBeforeCheck,
  DEFAULT_BREAKER_POLICY,
  INITIAL_BREAKER_STATE,
} from './circuit-breaker';

const t0 = new Date('2026-01-25T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

function failTimes(n: number, state: BreakerState = INITIAL_BREAKER_STATE): BreakerState {
  let s = state;
  for (let i = 0; i < n; i++) s = breakerAfterResult(s, false, t0);
  return s;
}

describe('circuit breaker', () => {
  it('stays closed below the threshold and opens at 5 consecutive failures', () => {
    expect(failTimes(4)).toEqual({ status: 'closed', consecutiveFailures: 4, openedAt: null });
    expect(failTimes(5)).toEqual({
      status: 'open',
      consecutiveFailures: 5,
      openedAt: t0.toISOString(),
    });
  });

  it('a success resets the count', () => {
    const s = breakerAfterResult(failTimes(4), true, t0);
    expect(s).toEqual(INITIAL_BREAKER_STATE);
    expect(failTimes(4, s).status).toBe('closed');
  });

  it('blocks calls while open and moves to half_open after the cooldown', () => {
    const open = failTimes(5);
    expect(breakerAllowsCall(open)).toBe(false);
    expect(breakerBeforeCheck(open, later(DEFAULT_BREAKER_POLICY.cooldownMs - 1))).toBe(open);
    const probe = breakerBeforeCheck(open, later(DEFAULT_BREAKER_POLICY.cooldownMs));
    expect(probe.status).toBe('half_open');
    expect(breakerAllowsCall(probe)).toBe(true);
  });

  it('half_open closes on success and reopens on failure with a fresh cooldown', () => {
    const probe: BreakerState = {
      status: 'half_open',
      consecutiveFailures: 5,
      openedAt: t0.toISOString(),
    };
    expect(breakerAfterResult(probe, true, later(1000))).toEqual(INITIAL_BREAKER_STATE);
    expect(breakerAfterResult(probe, false, later(400_000))).toEqual({
      status: 'open',
      consecutiveFailures: 6,
      openedAt: later(400_000).toISOString(),
    });
  });

  it('honours policy thresholds', () => {
    const policy = { failureThreshold: 2, cooldownMs: 1000 };
    let s = breakerAfterResult(INITIAL_BREAKER_STATE, false, t0, policy);
    s = breakerAfterResult(s, false, t0, policy);
    expect(s.status).toBe('open');
    expect(breakerBeforeCheck(s, later(1000), policy).status).toBe('half_open');
  });

  it('an open breaker without a readable openedAt can still recover', () => {
    const broken: BreakerState = { status: 'open', consecutiveFailures: 9, openedAt: 'garbage' };
    expect(breakerBeforeCheck(broken, t0).status).toBe('half_open');
  });

  it('property: over any sequence, a call is never made while open, and states stay consistent', () => {
    const step = fc.record({
      advanceMs: fc.integer({ min: 0, max: 400_000 }),
      success: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let state = INITIAL_BREAKER_STATE;
        let now = t0.getTime();
        let run = 0;
        for (const { advanceMs, success } of steps) {
          now += advanceMs;
          state = breakerBeforeCheck(state, new Date(now));
          if (!breakerAllowsCall(state)) {
            // Blocked: still within the cooldown of an open breaker.
            expect(state.status).toBe('open');
            expect(now - Date.parse(state.openedAt as string)).toBeLessThan(
              DEFAULT_BREAKER_POLICY.cooldownMs,
            );
            continue;
          }
          expect(state.status).not.toBe('open');
          const wasHalfOpen = state.status === 'half_open';
          state = breakerAfterResult(state, success, new Date(now));
          run = success ? 0 : run + 1;
          expect(state.consecutiveFailures).toBe(run);
          if (success) expect(state.status).toBe('closed');
          else if (wasHalfOpen) expect(state.status).toBe('open');
          else expect(state.status).toBe(run >= 5 ? 'open' : 'closed');
          expect(state.openedAt === null).toBe(state.status === 'closed');
        }
      }),
    );
  });
});
