import { randomUUID } from 'node:crypto';
import { latencyStats } from '@waygate/health-core';
import { expect, it } from 'vitest';
import { readRollups } from '../src/rollups/read-rollups';
import { describeEachDatabase } from './support/databases';

const HOUR = 3_600_000;
const DAY_START = Date.parse('2026-05-04T00:00:00Z');

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describeEachDatabase('rollups', ({ server }) => {
  it('equal the aggregates of the raw checks, however the inserts were batched', async () => {
    const db = server().db;
    const tenantId = randomUUID();
    const connectionId = randomUUID();
    const next = random(42);
    const checks = Array.from({ length: 600 }, (_, i) => {
      const status = next() < 0.8 ? 0 : next() < 0.5 ? 1 : 2;
      const latency = next() < 0.1 ? null : next() < 0.02 ? 0 : Math.round(20 + next() ** 3 * 3000);
      return { at: new Date(DAY_START + Math.floor(next() * 48 * HOUR)), status, latency, i };
    });
    // Three statements of different sizes: the trigger must merge into existing buckets.
    for (const part of [checks.slice(0, 1), checks.slice(1, 250), checks.slice(250)]) {
      await db.query(
        `INSERT INTO health_checks (created_at, id, connection_id, tenant_id, latency_ms,
           test_action_latency_ms, status, check_type, credential_status, breaker_status)
         SELECT t.at, gen_random_uuid(), $3, $4, 0, t.latency, t.status, 0, 0, 0
           FROM unnest($1::timestamptz[], $2::int[], $5::smallint[]) AS t(at, latency, status)`,
        [
          part.map((c) => c.at),
          part.map((c) => c.latency),
          connectionId,
          tenantId,
          part.map((c) => c.status),
        ],
      );
    }

    for (const granularity of ['hour', 'day'] as const) {
      const size = granularity === 'hour' ? HOUR : 24 * HOUR;
      const buckets = await readRollups(db, {
        tenantId,
        connectionId,
        granularity,
        from: new Date(DAY_START),
        to: new Date(DAY_START + 48 * HOUR),
      });
      const expected = new Map<number, typeof checks>();
      for (const c of checks) {
        const start = Math.floor(c.at.getTime() / size) * size;
        expected.set(start, [...(expected.get(start) ?? []), c]);
      }
      expect(buckets.map((b) => b.bucketStart.getTime())).toEqual([...expected.keys()].sort());
      for (const bucket of buckets) {
        const raw = expected.get(bucket.bucketStart.getTime())!;
        expect(bucket.healthy).toBe(raw.filter((c) => c.status === 0).length);
        expect(bucket.degraded).toBe(raw.filter((c) => c.status === 1).length);
        expect(bucket.unhealthy).toBe(raw.filter((c) => c.status === 2).length);
        const exact = latencyStats(raw.flatMap((c) => (c.latency === null ? [] : [c.latency])));
        expect(bucket.latency.count).toBe(exact.count);
        expect(bucket.latency.min).toBe(exact.min);
        expect(bucket.latency.max).toBe(exact.max);
        expect(bucket.latency.mean).toBeCloseTo(exact.mean!, 6);
        // Percentiles come from the sketch: within its 1% relative accuracy.
        for (const q of ['p50', 'p95'] as const) {
          expect(Math.abs(bucket.latency[q]! - exact[q]!)).toBeLessThanOrEqual(
            exact[q]! * 0.01 + 1e-9,
          );
        }
      }
    }

    // Tenant-wide rollups sum every connection of the tenant, and only of that tenant.
    const tenantDays = await readRollups(db, {
      tenantId,
      connectionId: null,
      granularity: 'day',
      from: new Date(DAY_START),
      to: new Date(DAY_START + 48 * HOUR),
    });
    expect(tenantDays.reduce((n, b) => n + b.healthy + b.degraded + b.unhealthy, 0)).toBe(600);
    expect(tenantDays.reduce((n, b) => n + b.unhealthy, 0)).toBe(
      checks.filter((c) => c.status === 2).length,
    );
    const other = await readRollups(db, {
      tenantId: randomUUID(),
      connectionId: null,
      granularity: 'day',
      from: new Date(DAY_START),
      to: new Date(DAY_START + 48 * HOUR),
    });
    expect(other).toEqual([]);
  });
});
