import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DueInput,
  isDue,
  jitterOffsetMs,
  MANUAL_CHECK_SKIP_MS,
  nextCheckAt,
  phaseSeed,
  slotAfterClaim,
} from './scheduling';

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

  it('spreads 10 000 random UUIDs (the ids the server makes) evenly too', () => {
    const buckets = Array(10).fill(0) as number[];
    for (let i = 0; i < 10_000; i++) {
      const b = Math.floor((jitterOffsetMs(crypto.randomUUID(), 15 * MIN) / (15 * MIN)) * 10);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
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

describe('slotAfterClaim', () => {
  const id = '0192b6a0-0000-7000-8000-5a1e7c3d9f01';
  const interval = 15 * MIN;

  it('keeps the cadence when the claim is late by less than an interval', () => {
    const due = nextCheckAt(id, 15, new Date('2026-01-25T10:00:00Z'));
    for (const late of [0, 1, 7 * MIN, interval - 1]) {
      const next = slotAfterClaim({
        connectionId: id,
        intervalMinutes: 15,
        now: new Date(due.getTime() + late),
        dueAt: due,
      });
      expect(next.getTime() - due.getTime()).toBe(interval);
    }
  });

  it('moves past now when the claim is more than an interval late (no burst of catch-ups)', () => {
    const due = new Date('2026-01-25T10:00:00Z');
    const now = new Date(due.getTime() + 3 * interval + 5);
    const next = slotAfterClaim({ connectionId: id, intervalMinutes: 15, now, dueAt: due });
    expect(next.getTime()).toBeGreaterThan(now.getTime());
    expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(interval);
  });

  it('puts a never-scheduled connection at least half an interval away, on its grid', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.integer({ min: 1, max: 10_080 }),
        fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2040-01-01') }),
        (uuid, minutes, nowMs) => {
          const i = minutes * MIN;
          const next = slotAfterClaim({
            connectionId: uuid,
            intervalMinutes: minutes,
            now: new Date(nowMs),
            dueAt: null,
          }).getTime();
          expect(next - nowMs).toBeGreaterThan(i / 2);
          expect(next - nowMs).toBeLessThanOrEqual(i * 1.5);
          expect((((next - jitterOffsetMs(uuid, i)) % i) + i) % i).toBe(0);
        },
      ),
    );
  });
});

describe('phaseSeed', () => {
  it('is the last 48 bits of a UUID, which SQL can read too', () => {
    expect(phaseSeed('0192b6a0-0000-7000-8000-000000000010')).toBe(16);
    expect(phaseSeed('0192b6a0-0000-7000-8000-ffffffffffff')).toBe(2 ** 48 - 1);
  });
});

describe('isDue', () => {
  const now = new Date('2026-01-25T10:00:00Z');
  const input = (patch: Partial<DueInput> = {}): DueInput => ({
    integrationStatus: 'active',
    config: { enabled: true },
    connectionStatus: 'active',
    nextCheckAt: new Date(now.getTime() - MIN),
    lastManualCheckAt: null,
    now,
    ...patch,
  });

  it('is due once its slot is reached', () => {
    expect(isDue(input())).toEqual({ due: true, reason: 'due' });
    expect(isDue(input({ nextCheckAt: now })).due).toBe(true);
    expect(isDue(input({ nextCheckAt: new Date(now.getTime() + 1) }))).toEqual({
      due: false,
      reason: 'not_due_yet',
    });
  });

  it('is due at once when never scheduled', () => {
    expect(isDue(input({ nextCheckAt: null }))).toEqual({ due: true, reason: 'due' });
  });

  it('skips draft integrations, disabled checks and disabled connections', () => {
    expect(isDue(input({ integrationStatus: 'draft' })).reason).toBe('integration_draft');
    expect(isDue(input({ config: { enabled: false } })).reason).toBe('checks_disabled');
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
});
