import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HealthCheckStatus } from './schemas/enums';
import { uptimeFromBuckets, uptimeFromChecks, uptimePercent } from './uptime';

const check = (status: HealthCheckStatus, createdAt: string) => ({ status, createdAt });

describe('uptime', () => {
  it('is null, not 100, when there are no checks', () => {
    expect(uptimeFromChecks([])).toEqual({
      healthy: 0,
      degraded: 0,
      unhealthy: 0,
      totalChecks: 0,
      uptimePercent: null,
    });
    expect(uptimeFromBuckets([]).uptimePercent).toBeNull();
  });

  it('counts degraded checks as up', () => {
    const result = uptimeFromChecks([
      check('healthy', '2026-01-25T10:00:00Z'),
      check('degraded', '2026-01-25T10:15:00Z'),
      check('unhealthy', '2026-01-25T10:30:00Z'),
      check('healthy', '2026-01-25T10:45:00Z'),
    ]);
    expect(result).toEqual({
      healthy: 2,
      degraded: 1,
      unhealthy: 1,
      totalChecks: 4,
      uptimePercent: 75,
    });
  });

  it('rounds to 0.01 but never shows 100 with a failure or 0 with a success', () => {
    expect(uptimePercent(2, 3)).toBe(66.67);
    expect(uptimePercent(1, 3)).toBe(33.33);
    expect(uptimePercent(99_999, 100_000)).toBe(99.99);
    expect(uptimePercent(1, 100_000)).toBe(0.01);
    expect(uptimePercent(0, 5)).toBe(0);
    expect(uptimePercent(5, 5)).toBe(100);
  });

  it('restricts raw checks to the half-open window [from, to)', () => {
    const checks = [
      check('unhealthy', '2026-01-24T23:59:59Z'),
      check('healthy', '2026-01-25T00:00:00Z'),
      check('unhealthy', '2026-01-25T12:00:00Z'),
      check('unhealthy', '2026-01-26T00:00:00Z'),
    ];
    const day = { from: new Date('2026-01-25T00:00:00Z'), to: new Date('2026-01-26T00:00:00Z') };
    expect(uptimeFromChecks(checks, day)).toMatchObject({ totalChecks: 2, uptimePercent: 50 });
  });

  it('sums rollup buckets and ignores nonsense counts', () => {
    expect(
      uptimeFromBuckets([
        { healthy: 90, degraded: 5, unhealthy: 5 },
        { healthy: 0, degraded: 0, unhealthy: 0 },
        { healthy: -3, degraded: Number.NaN, unhealthy: 0 },
      ]),
    ).toMatchObject({ totalChecks: 100, uptimePercent: 95 });
  });

  const arbStatus = fc.constantFrom<HealthCheckStatus>('healthy', 'degraded', 'unhealthy');

  it('property: in [0,100], null iff no checks, and buckets agree with raw checks', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbStatus, { maxLength: 30 }), { maxLength: 6 }), (groups) => {
        const flat = groups.flat().map((s) => check(s, '2026-01-25T10:00:00Z'));
        const raw = uptimeFromChecks(flat);
        const buckets = uptimeFromBuckets(
          groups.map((g) => uptimeFromChecks(g.map((s) => check(s, 'x')))),
        );
        expect(buckets).toEqual(raw);
        expect(raw.uptimePercent === null).toBe(flat.length === 0);
        if (raw.uptimePercent !== null) {
          expect(raw.uptimePercent).toBeGreaterThanOrEqual(0);
          expect(raw.uptimePercent).toBeLessThanOrEqual(100);
          const exact = ((raw.healthy + raw.degraded) / raw.totalChecks) * 100;
          expect(Math.abs(raw.uptimePercent - exact)).toBeLessThanOrEqual(0.01 + 1e-9);
          expect(raw.uptimePercent === 100).toBe(raw.unhealthy === 0);
          // exactly two decimals
          expect(Math.round(raw.uptimePercent * 100) / 100).toBe(raw.uptimePercent);
        }
      }),
    );
  });
});
