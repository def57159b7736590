import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEALTH_STATUS_POLICY,
  determineHealthStatus,
  type HealthStatusInput,
  pruneRecentFailures,
} from './health-status';
import { REASON_SEVERITY } from './schemas/enums';

const healthy: HealthStatusInput = {
  credentialStatus: 'active',
  testAction: { executed: true, success: true, latencyMs: 120 },
  circuitBreakerStatus: 'closed',
  recentFailures: 0,
};
const status = (patch: Partial<HealthStatusInput>) =>
  determineHealthStatus({ ...healthy, ...patch });

describe('determineHealthStatus: the spec table', () => {
  it('HEALTHY: active credential, test passed, breaker closed, latency fine', () => {
    expect(status({})).toEqual({ status: 'healthy', reasons: [] });
  });

  it('HEALTHY without a test action (credential-only check)', () => {
    expect(status({ testAction: { executed: false } })).toEqual({ status: 'healthy', reasons: [] });
  });

  it.each([
    [{ credentialStatus: 'expiring' }, 'credential_expiring'],
    [{ testAction: { executed: true, success: true, latencyMs: 2001 } }, 'latency_high'],
    [{ circuitBreakerStatus: 'half_open' }, 'breaker_half_open'],
    [{ recentFailures: 1 }, 'recent_failures'],
    [{ recentFailures: 2 }, 'recent_failures'],
  ] as const)('DEGRADED: %o → %s', (patch, reason) => {
    expect(status(patch as Partial<HealthStatusInput>)).toEqual({
      status: 'degraded',
      reasons: [reason],
    });
  });

  it('latency exactly at the limit is not degraded', () => {
    expect(status({ testAction: { executed: true, success: true, latencyMs: 2000 } }).status).toBe(
      'healthy',
    );
  });

  it.each([
    [{ credentialStatus: 'expired' }, 'credential_expired'],
    [{ credentialStatus: 'missing' }, 'credential_missing'],
    [{ credentialStatus: 'needs_reauth' }, 'credential_needs_reauth'],
    [{ testAction: { executed: true, success: false, latencyMs: 30 } }, 'test_action_failed'],
    [{ circuitBreakerStatus: 'open' }, 'breaker_open'],
    [{ recentFailures: 3 }, 'recent_failures_exceeded'],
    [{ recentFailures: 40 }, 'recent_failures_exceeded'],
  ] as const)('UNHEALTHY: %o → %s', (patch, reason) => {
    expect(status(patch as Partial<HealthStatusInput>)).toEqual({
      status: 'unhealthy',
      reasons: [reason],
    });
  });

  it('lists every reason, unhealthy ones first', () => {
    expect(
      status({
        credentialStatus: 'expiring',
        testAction: { executed: true, success: false, latencyMs: 9000 },
        recentFailures: 5,
      }),
    ).toEqual({
      status: 'unhealthy',
      reasons: [
        'test_action_failed',
        'recent_failures_exceeded',
        'credential_expiring',
        'latency_high',
      ],
    });
  });

  it('uses the thresholds from the policy', () => {
    const slow = { testAction: { executed: true, success: true, latencyMs: 800 } } as const;
    expect(determineHealthStatus({ ...healthy, ...slow }, { degradedLatencyMs: 500 }).status).toBe(
      'degraded',
    );
    expect(
      determineHealthStatus({ ...healthy, recentFailures: 3 }, { recentFailureThreshold: 5 }),
    ).toEqual({ status: 'degraded', reasons: ['recent_failures'] });
    expect(DEFAULT_HEALTH_STATUS_POLICY).toEqual({
      degradedLatencyMs: 2000,
      recentFailureThreshold: 3,
      recentWindowMs: 3_600_000,
    });
  });

  it('answers conservatively for inconsistent numbers instead of throwing', () => {
    expect(status({ recentFailures: Number.NaN }).status).toBe('unhealthy');
    expect(status({ recentFailures: -2 }).status).toBe('healthy');
    expect(
      status({ testAction: { executed: true, success: true, latencyMs: Number.NaN } }).reasons,
    ).toEqual(['latency_high']);
  });

  const arbInput = fc.record({
    credentialStatus: fc.constantFrom(
      'active',
      'expiring',
      'expired',
      'missing',
      'needs_reauth',
    ) as fc.Arbitrary<HealthStatusInput['credentialStatus']>,
    testAction: fc.oneof(
      fc.constant({ executed: false as const }),
      fc.record({
        executed: fc.constant(true as const),
        success: fc.boolean(),
        latencyMs: fc.integer({ min: 0, max: 60_000 }),
      }),
    ),
    circuitBreakerStatus: fc.constantFrom('closed', 'open', 'half_open') as fc.Arbitrary<
      HealthStatusInput['circuitBreakerStatus']
    >,
    recentFailures: fc.integer({ min: 0, max: 50 }),
  });

  it('property: status is the worst severity among the reasons; unhealthy always wins', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const { status: s, reasons } = determineHealthStatus(input);
        const severities = reasons.map((r) => REASON_SEVERITY[r]);
        if (severities.includes('unhealthy')) expect(s).toBe('unhealthy');
        else if (severities.length > 0) expect(s).toBe('degraded');
        else expect(s).toBe('healthy');
        // unhealthy reasons come first
        const firstDegraded = severities.indexOf('degraded');
        if (firstDegraded >= 0) expect(severities.slice(firstDegraded)).not.toContain('unhealthy');
        expect(new Set(reasons).size).toBe(reasons.length);
      }),
    );
  });

  it('property: adding a degraded condition never improves an unhealthy result', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const before = determineHealthStatus(input).status;
        const worse = determineHealthStatus({ ...input, circuitBreakerStatus: 'half_open' }).status;
        if (before === 'unhealthy' && input.circuitBreakerStatus !== 'open') {
          expect(worse).toBe('unhealthy');
        }
        if (before !== 'healthy') expect(worse).not.toBe('healthy');
      }),
    );
  });

  it('property: recent_failures iff 0 < n < threshold, exceeded iff n ≥ threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 10 }), (n, t) => {
        const { reasons } = determineHealthStatus(
          { ...healthy, recentFailures: n },
          { recentFailureThreshold: t },
        );
        expect(reasons.includes('recent_failures')).toBe(n > 0 && n < t);
        expect(reasons.includes('recent_failures_exceeded')).toBe(n >= t);
      }),
    );
  });
});

describe('pruneRecentFailures', () => {
  const now = new Date('2026-01-25T10:00:00Z');
  it('keeps failures inside the window, oldest first, and drops unreadable ones', () => {
    expect(
      pruneRecentFailures(
        ['2026-01-25T09:30:00Z', 'nope', new Date('2026-01-25T08:59:59Z'), '2026-01-25T09:10:00Z'],
        now,
        3_600_000,
      ),
    ).toEqual(['2026-01-25T09:10:00.000Z', '2026-01-25T09:30:00.000Z']);
  });

  it('excludes the instant exactly one window ago', () => {
    expect(pruneRecentFailures(['2026-01-25T09:00:00Z'], now, 3_600_000)).toEqual([]);
  });

  it('keeps only the newest `max`', () => {
    const times = Array.from({ length: 30 }, (_, i) => new Date(now.getTime() - i * 1000));
    const kept = pruneRecentFailures(times, now, 3_600_000);
    expect(kept).toHaveLength(20);
    expect(kept.at(-1)).toBe(now.toISOString());
    expect(pruneRecentFailures(times, now, 3_600_000, 2)).toHaveLength(2);
  });
});
