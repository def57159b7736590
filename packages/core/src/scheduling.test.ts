import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DueInput,
  isDue,
  jitterOffsetMs,
  MANUAL_CHECK_SKIP_MS,
  nextCheckAt,
} from './scheduling';
import type { HealthCheckConfig } from './schemas/health-check-config';

const MIN = 60_000;

describe('jitterOffsetMs', () => {
  it('is deterministic per connection and differs across connections', () => {
    expect(jitterOffsetMs('conn_abc', 15 * MIN)).toBe(jitterOffsetMs('conn_abc', 15 * MIN));
    const offsets = new Set(
      Array.from({ length: 50 }, (_, i) => jitterOffsetMs(`conn_${i}`, 15 * MIN)),
    );
    expect(offsets.size).toBeGreaterThan(45);
  });

  it('spreads 10 000 connections roughly evenly over the interval', () => {
    const buckets = Array(10).fill(0) as number[];
    for (let i = 0; i < 10_000; i++) {
      const b = Math.floor((jitterOffsetMs(`conn_${i.toString(36)}`, 15 * MIN) / (15 * MIN)) * 10);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    // Expected 1000 per tenth; a uniform hash stays well within ±15%.
    for (const n of buckets) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });

  it('is 0 for a degenerate interval', () => {
    expect(jitterOffsetMs('conn_a', 0)).toBe(0);
    expect(jitterOffsetMs('conn_a', Number.NaN)).toBe(0);
  });

  it('property: offset is an integer in [0, interval)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 10_080 * MIN }), (id, interval) => {
        const offset = jitterOffsetMs(id, interval);
        expect(Number.isInteger(offset)).toBe(true);
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThan(interval);
      }),
    );
  });
});

describe('nextCheckAt', () => {
  it('keeps the same phase for a connection across checks', () => {
    const after = new Date('2026-01-25T10:00:00Z');
    const first = nextCheckAt('conn_abc', 15, after);
    const second = nextCheckAt('conn_abc', 15, first);
    expect(second.getTime() - first.getTime()).toBe(15 * MIN);
    // a late run does not shift the phase
    const late = nextCheckAt('conn_abc', 15, new Date(first.getTime() + 7 * MIN));
    expect(late.getTime()).toBe(second.getTime());
  });

  it('property: after < next ≤ after + interval, with the connection phase', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 10_080 }),
        fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2040-01-01') }),
        (id, minutes, afterMs) => {
          const interval = minutes * MIN;
          const next = nextCheckAt(id, minutes, new Date(afterMs)).getTime();
          expect(next).toBeGreaterThan(afterMs);
          expect(next).toBeLessThanOrEqual(afterMs + interval);
          expect((((next - jitterOffsetMs(id, interval)) % interval) + interval) % interval).toBe(
            0,
          );
        },
      ),
    );
  });

  it('clamps an out-of-range interval instead of failing', () => {
    const after = new Date('2026-01-25T10:00:00Z');
    const next = nextCheckAt('conn_a', 0, after).getTime();
    expect(next - after.getTime()).toBeLessThanOrEqual(MIN);
    expect(nextCheckAt('conn_a', Number.NaN, after).getTime()).toBeGreaterThan(after.getTime());
  });
});

describe('isDue', () => {
  const now = new Date('2026-01-25T10:00:00Z');
  const config: HealthCheckConfig = { enabled: true, intervalMinutes: 15 };
  const input = (patch: Partial<DueInput> = {}): DueInput => ({
    integrationStatus: 'active',
    config,
    connectionStatus: 'active',
    lastCheckAt: new Date(now.getTime() - 20 * MIN),
    lastManualCheckAt: null,
    now,
    ...patch,
  });

  it('is due once the interval has elapsed', () => {
    expect(isDue(input())).toEqual({ due: true, reason: 'due' });
    expect(isDue(input({ lastCheckAt: new Date(now.getTime() - 15 * MIN) })).due).toBe(true);
    expect(isDue(input({ lastCheckAt: new Date(now.getTime() - 14 * MIN) }))).toEqual({
      due: false,
      reason: 'not_due_yet',
    });
  });

  it('is due at once when never checked', () => {
    expect(isDue(input({ lastCheckAt: null }))).toEqual({ due: true, reason: 'due' });
  });

  it('skips draft integrations, disabled checks and disabled connections', () => {
    expect(isDue(input({ integrationStatus: 'draft' })).reason).toBe('integration_draft');
    expect(isDue(input({ config: { ...config, enabled: false } })).reason).toBe('checks_disabled');
    expect(isDue(input({ connectionStatus: 'disabled' })).reason).toBe('connection_disabled');
  });

  it('skips a connection checked by hand within the last 5 minutes', () => {
    const manual = (ago: number) => input({ lastManualCheckAt: new Date(now.getTime() - ago) });
    expect(isDue(manual(MANUAL_CHECK_SKIP_MS - 1))).toEqual({
      due: false,
      reason: 'recent_manual_check',
    });
    expect(isDue(manual(MANUAL_CHECK_SKIP_MS)).due).toBe(true);
    expect(MANUAL_CHECK_SKIP_MS).toBe(5 * MIN);
  });

  it('uses the integration interval', () => {
    const hourly = { ...config, intervalMinutes: 60 };
    expect(isDue(input({ config: hourly })).reason).toBe('not_due_yet');
  });
});
