import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzeFailurePatterns,
  detectFlapping,
  FLAPPING_RULE,
  isFlapping,
  type PatternCheck,
} from './failure-patterns';
import type { HealthCheckStatus } from './schemas/enums';

const base = Date.parse('2026-01-25T00:00:00Z');
const series = (statuses: HealthCheckStatus[], stepMs = 15 * 60_000): PatternCheck[] =>
  statuses.map((status, i) => ({ status, createdAt: new Date(base + i * stepMs).toISOString() }));

describe('analyzeFailurePatterns', () => {
  it('is empty for no checks', () => {
    expect(analyzeFailurePatterns([])).toEqual({
      checks: 0,
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

/** `length` checks, oldest first, whose status changes exactly `changes` times (at the end). */
const withChanges = (length: number, changes: number): HealthCheckStatus[] =>
  Array.from({ length }, (_, i) => {
    const flips = Math.max(0, i - (length - 1 - changes));
    return flips % 2 === 0 ? 'healthy' : 'unhealthy';
  });

describe('flapping rule', () => {
  it('is 12 checks, at least 6 of them, half of the adjacent pairs changing', () => {
    expect(FLAPPING_RULE).toEqual({ lastChecks: 12, minChecks: 6, threshold: 0.5 });
  });

  it('flaps from 6 state changes in 12 checks, not at 5 (the threshold edge)', () => {
    const six = detectFlapping(series(withChanges(12, 6)));
    expect(six).toEqual({ flapping: true, checks: 12, stateChanges: 6, flappingScore: 6 / 11 });
    const five = detectFlapping(series(withChanges(12, 5)));
    expect(five).toMatchObject({ flapping: false, checks: 12, stateChanges: 5 });
    // Exactly at the threshold counts.
    expect(isFlapping({ checks: 11, flappingScore: 0.5 })).toBe(true);
    expect(isFlapping({ checks: 11, flappingScore: 0.49 })).toBe(false);
  });

  it('needs at least 6 checks: 5 alternating checks are not enough to call it', () => {
    expect(detectFlapping(series(withChanges(5, 4)))).toMatchObject({
      flapping: false,
      checks: 5,
      flappingScore: 1,
    });
    expect(detectFlapping(series(withChanges(6, 5))).flapping).toBe(true);
    expect(detectFlapping([]).flapping).toBe(false);
  });

  it('does not call steady failure, or steady health, flapping', () => {
    const failing = series(Array(30).fill('unhealthy'));
    expect(detectFlapping(failing)).toMatchObject({ flapping: false, stateChanges: 0 });
    expect(isFlapping(analyzeFailurePatterns(failing))).toBe(false);
    expect(detectFlapping(series(Array(30).fill('healthy'))).flapping).toBe(false);
  });

  it('judges only the newest 12 checks, whatever the input order', () => {
    // A week of alternation that settled: the last 12 checks are steady.
    const settled = series([...withChanges(40, 39), ...Array(12).fill('healthy')]);
    expect(detectFlapping([...settled].reverse())).toMatchObject({ flapping: false, checks: 12 });
    // Steady for a week, alternating for the last 12.
    const started = series([...Array(40).fill('healthy'), ...withChanges(12, 11)]);
    expect(detectFlapping([...started].reverse())).toMatchObject({
      flapping: true,
      checks: 12,
      stateChanges: 11,
    });
  });

  it('counts healthy and degraded changes too', () => {
    const statuses: HealthCheckStatus[] = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0 ? 'healthy' : 'degraded',
    );
    expect(detectFlapping(series(statuses)).flapping).toBe(true);
  });

  it('takes a stricter or shorter rule', () => {
    const checks = series(withChanges(12, 6));
    expect(detectFlapping(checks, { threshold: 0.8 }).flapping).toBe(false);
    expect(detectFlapping(checks, { lastChecks: 6 }).flapping).toBe(true);
  });
});
