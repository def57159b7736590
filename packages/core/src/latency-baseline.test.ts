import { describe, expect, it } from 'vitest';
import { determineHealthStatus, exceedsLatencyBaseline } from './health-status';
import { describeReason } from './resolution';
import { HealthCheckConfig } from './schemas/health-check-config';

const ON = { enabled: true, multiplier: 3, floorMs: 500 };
const check = (latencyMs: number, latencyBaselineMs: number | null) => ({
  credentialStatus: 'active' as const,
  testAction: { executed: true as const, success: true, latencyMs },
  circuitBreakerStatus: 'closed' as const,
  recentFailures: 0,
  latencyBaselineMs,
});

describe('latency_above_baseline', () => {
  it('needs both the floor and the multiple of the 7-day p95 to be exceeded', () => {
    // Baseline 100 ms: 3× = 300 ms, but the floor is 500 ms.
    expect(exceedsLatencyBaseline(400, 100, ON)).toBe(false);
    expect(exceedsLatencyBaseline(500, 100, ON)).toBe(false);
    expect(exceedsLatencyBaseline(501, 100, ON)).toBe(true);
    // Baseline 400 ms: the floor is passed at 501, the multiple only above 1200.
    expect(exceedsLatencyBaseline(1200, 400, ON)).toBe(false);
    expect(exceedsLatencyBaseline(1201, 400, ON)).toBe(true);
  });

  it('is off unless enabled, and never fires without a baseline', () => {
    expect(exceedsLatencyBaseline(10_000, 100, undefined)).toBe(false);
    expect(exceedsLatencyBaseline(10_000, 100, { ...ON, enabled: false })).toBe(false);
    expect(exceedsLatencyBaseline(10_000, null, ON)).toBe(false);
    expect(exceedsLatencyBaseline(10_000, Number.NaN, ON)).toBe(false);
    expect(exceedsLatencyBaseline(Number.NaN, 100, ON)).toBe(false);
    // Nonsense settings fall back to the defaults (3×, 500 ms) instead of firing on everything.
    expect(exceedsLatencyBaseline(400, 100, { enabled: true, multiplier: -1, floorMs: -5 })).toBe(
      false,
    );
  });

  it('degrades the status with its own reason, beside the absolute 2 s rule', () => {
    const policy = { latencyBaseline: ON };
    expect(determineHealthStatus(check(900, 100), policy)).toEqual({
      status: 'degraded',
      reasons: ['latency_above_baseline'],
    });
    expect(determineHealthStatus(check(2500, 100), policy).reasons).toEqual([
      'latency_high',
      'latency_above_baseline',
    ]);
    expect(determineHealthStatus(check(900, 100)).status).toBe('healthy');
    expect(determineHealthStatus(check(900, null), policy).status).toBe('healthy');
    expect(describeReason('latency_above_baseline')).toMatch(/7-day/);
  });

  it('is configured per integration with defaults off, 3× and 500 ms', () => {
    const parsed = HealthCheckConfig.parse({ latencyBaseline: {} });
    expect(parsed.latencyBaseline).toEqual({ enabled: false, multiplier: 3, floorMs: 500 });
    expect(HealthCheckConfig.parse({}).latencyBaseline).toBeUndefined();
    for (const bad of [
      { multiplier: 0.5 },
      { floorMs: -1 },
      { floorMs: 1.5 },
      { enabled: 'yes' },
      { extra: true },
    ]) {
      expect(
        HealthCheckConfig.safeParse({ latencyBaseline: bad }).success,
        JSON.stringify(bad),
      ).toBe(false);
    }
  });
});
