import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeFailurePatterns, type PatternCheck } from './failure-patterns';
import type { HealthCheckStatus } from './schemas/enums';

const base = Date.parse('2026-01-25T00:00:00Z');
const series = (statuses: HealthCheckStatus[], stepMs = 15 * 60_000): PatternCheck[] =>
  statuses.map((status, i) => ({ status, createdAt: new Date(base + i * stepMs).toISOString() }));

describe('analyzeFailurePatterns', () => {
  it('is empty for no checks', () => {
    expect(analyzeFailurePatterns([])).toEqual({
      currentStreak: { status: null, length: 0 },
      longestUnhealthyStreak: 0,
      failuresByErrorCode: {},
      failuresByHourOfDay: Array(24).fill(0),
      stateChanges: 0,
      flappingScore: 0,
    });
  });

  it('finds streaks and state changes in time order, whatever the input order', () => {
    const checks = series([
      'healthy',
      'unhealthy',
      'unhealthy',
      'unhealthy',
      'healthy',
      'degraded',
      'unhealthy',
      'unhealthy',
    ]);
    const result = analyzeFailurePatterns([...checks].reverse());
    expect(result.currentStreak).toEqual({ status: 'unhealthy', length: 2 });
    expect(result.longestUnhealthyStreak).toBe(3);
    expect(result.stateChanges).toBe(4);
    expect(result.flappingScore).toBeCloseTo(4 / 7);
  });

  it('groups failures by error code (check error, else test-action error) and UTC hour', () => {
    const checks: PatternCheck[] = [
      { status: 'unhealthy', createdAt: '2026-01-25T03:10:00Z', error: { code: 'TIMEOUT' } },
      {
        status: 'unhealthy',
        createdAt: '2026-01-25T03:40:00+00:00',
        testActionError: { code: 'HTTP_5XX' },
      },
      { status: 'unhealthy', createdAt: '2026-01-25T05:20:00+02:00', error: { code: 'TIMEOUT' } },
      { status: 'unhealthy', createdAt: '2026-01-25T04:00:00Z' },
      { status: 'degraded', createdAt: '2026-01-25T05:00:00Z', error: { code: 'RATE_LIMITED' } },
    ];
    const result = analyzeFailurePatterns(checks);
    expect(result.failuresByErrorCode).toEqual({ TIMEOUT: 2, HTTP_5XX: 1, UNKNOWN: 1 });
    expect(result.failuresByHourOfDay[3]).toBe(3);
    expect(result.failuresByHourOfDay[4]).toBe(1);
    expect(result.failuresByHourOfDay.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('only analyses checks inside the window', () => {
    const checks = series(['unhealthy', 'unhealthy', 'healthy', 'healthy'], 3_600_000);
    const now = new Date(base + 3 * 3_600_000);
    const result = analyzeFailurePatterns(checks, { windowMs: 2 * 3_600_000, now });
    expect(result.longestUnhealthyStreak).toBe(0);
    expect(result.currentStreak).toEqual({ status: 'healthy', length: 2 });
  });

  it('scores a flapping connection 1 and a stable one 0', () => {
    expect(
      analyzeFailurePatterns(series(['healthy', 'unhealthy', 'healthy', 'unhealthy']))
        .flappingScore,
    ).toBe(1);
    expect(
      analyzeFailurePatterns(series(['unhealthy', 'unhealthy', 'unhealthy'])).flappingScore,
    ).toBe(0);
  });

  it('property: invariants over any history', () => {
    const arbStatus = fc.constantFrom<HealthCheckStatus>('healthy', 'degraded', 'unhealthy');
    fc.assert(
      fc.property(fc.array(arbStatus, { maxLength: 80 }), (statuses) => {
        const r = analyzeFailurePatterns(series(statuses, 37 * 60_000));
        const failures = statuses.filter((s) => s === 'unhealthy').length;
        expect(r.flappingScore).toBeGreaterThanOrEqual(0);
        expect(r.flappingScore).toBeLessThanOrEqual(1);
        expect(r.failuresByHourOfDay).toHaveLength(24);
        expect(r.failuresByHourOfDay.reduce((a, b) => a + b, 0)).toBe(failures);
        expect(Object.values(r.failuresByErrorCode).reduce((a, b) => a + b, 0)).toBe(failures);
        expect(r.longestUnhealthyStreak).toBeLessThanOrEqual(failures);
        expect(r.currentStreak.length).toBeLessThanOrEqual(statuses.length);
        if (r.currentStreak.status === 'unhealthy') {
          expect(r.longestUnhealthyStreak).toBeGreaterThanOrEqual(r.currentStreak.length);
        }
        expect(r.stateChanges).toBeLessThanOrEqual(Math.max(0, statuses.length - 1));
      }),
    );
  });
});
