import { randomUUID } from 'node:crypto';
import { latencyStats } from '@waygate/health-core';
import { expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import { loadMigrations, migrate } from '../src/db/migrate';
import { ensureHealthCheckPartitions } from '../src/db/partitions';
import {
  deriveDailyRollups,
  readRollups,
  rollUpPending,
  rollupStatusCounts,
} from '../src/rollups/read-rollups';
import { describeEachDatabase, freshDatabase } from './support/databases';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAY_START = Date.parse('2026-05-04T00:00:00Z');

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface Check {
  at: Date;
  status: number;
  latency: number | null;
  inMaintenance: boolean;
}

function makeChecks(seed: number, count: number, from: number, spanMs: number): Check[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const status = next() < 0.8 ? 0 : next() < 0.5 ? 1 : 2;
    const latency = next() < 0.1 ? null : next() < 0.02 ? 0 : Math.round(20 + next() ** 3 * 3000);
    return {
      at: new Date(from + Math.floor(next() * spanMs)),
      status,
      latency,
      inMaintenance: next() < 0.05,
    };
  });
}

async function insertChecks(
  db: Database,
  tenantId: string,
  connectionId: string,
  checks: readonly Check[],
  options: { withMaintenance?: boolean } = {},
) {
  const maintenance = options.withMaintenance ?? true;
  await db.query(
    `INSERT INTO health_checks (created_at, id, connection_id, tenant_id, latency_ms,
       test_action_latency_ms, status, check_type, credential_status, breaker_status
       ${maintenance ? ', in_maintenance' : ''})
     SELECT t.at, gen_random_uuid(), $3, $4, 0, t.latency, t.status, 0, 0, 0
            ${maintenance ? ', t.m' : ''}
       FROM unnest($1::timestamptz[], $2::int[], $5::smallint[], $6::boolean[])
            AS t(at, latency, status, m)`,
    [
      checks.map((c) => c.at),
      checks.map((c) => c.latency),
      connectionId,
      tenantId,
      checks.map((c) => c.status),
      checks.map((c) => c.inMaintenance),
    ],
  );
}

/**
 * The rollup readers against the raw rows of health_checks (read back from the database, so
 * nothing the test believes about its own inserts is assumed): counts and latency min, max,
 * mean exact, p50/p95 within 1 %, checks in maintenance in no count.
 */
async function expectRollupsEqualRaw(
  db: Database,
  tenantId: string,
  connectionId: string,
  from: number,
  to: number,
) {
  const { rows: raw } = await db.query<{
    created_at: Date;
    status: number;
    latency: number | null;
    in_maintenance: boolean;
  }>(
    `SELECT created_at, status, test_action_latency_ms AS latency, in_maintenance
       FROM health_checks WHERE connection_id = $1 AND created_at >= $2 AND created_at < $3`,
    [connectionId, new Date(from), new Date(to)],
  );
  const counted = raw.filter((c) => !c.in_maintenance);
  expect(counted.length).toBeGreaterThan(0);
  for (const granularity of ['hour', 'day'] as const) {
    const size = granularity === 'hour' ? HOUR : DAY;
    const buckets = await readRollups(db, {
      tenantId,
      connectionId,
      granularity,
      from: new Date(from),
      to: new Date(to),
    });
    const expected = new Map<number, typeof counted>();
    for (const c of counted) {
      const start = Math.floor(new Date(c.created_at).getTime() / size) * size;
      expected.set(start, [...(expected.get(start) ?? []), c]);
    }
    // A bucket holding only checks in maintenance may exist, with nothing counted.
    const nonEmpty = buckets.filter((b) => b.healthy + b.degraded + b.unhealthy > 0);
    expect(nonEmpty.map((b) => b.bucketStart.getTime())).toEqual(
      [...expected.keys()].sort((a, b) => a - b),
    );
    for (const bucket of nonEmpty) {
      const inBucket = expected.get(bucket.bucketStart.getTime())!;
      expect(bucket.healthy).toBe(inBucket.filter((c) => c.status === 0).length);
      expect(bucket.degraded).toBe(inBucket.filter((c) => c.status === 1).length);
      expect(bucket.unhealthy).toBe(inBucket.filter((c) => c.status === 2).length);
      const exact = latencyStats(inBucket.flatMap((c) => (c.latency === null ? [] : [c.latency])));
      expect(bucket.latency.count).toBe(exact.count);
      expect(bucket.latency.min).toBe(exact.min);
      expect(bucket.latency.max).toBe(exact.max);
      if (exact.count === 0) continue;
      expect(bucket.latency.mean).toBeCloseTo(exact.mean!, 6);
      for (const q of ['p50', 'p95'] as const) {
        expect(Math.abs(bucket.latency[q]! - exact[q]!)).toBeLessThanOrEqual(
          exact[q]! * 0.01 + 1e-9,
        );
      }
    }
  }
  // Uptime counts (whole hours of the window) equal the raw counts.
  const counts = await rollupStatusCounts(
    db,
    tenantId,
    connectionId,
    new Date(from),
    new Date(to - 1),
  );
  expect(counts).toEqual({
    healthy: counted.filter((c) => c.status === 0).length,
    degraded: counted.filter((c) => c.status === 1).length,
    unhealthy: counted.filter((c) => c.status === 2).length,
  });
}

describeEachDatabase('rollups', ({ server }) => {
  it('equal the raw aggregates before, between and after roll-up passes, however inserts were batched', async () => {
    const db = server().db;
    const tenantId = randomUUID();
    const connectionId = randomUUID();
    const checks = makeChecks(42, 600, DAY_START, 48 * HOUR);
    const window = [DAY_START, DAY_START + 48 * HOUR] as const;
    // Statements of different sizes; reads before any pass (all queued), after a pass, and with
    // rows both rolled up and queued for the same buckets.
    await insertChecks(db, tenantId, connectionId, checks.slice(0, 1));
    await expectRollupsEqualRaw(db, tenantId, connectionId, ...window);
    await insertChecks(db, tenantId, connectionId, checks.slice(1, 250));
    await expectRollupsEqualRaw(db, tenantId, connectionId, ...window);
    expect(await rollUpPending(db)).toBeGreaterThanOrEqual(250);
    await expectRollupsEqualRaw(db, tenantId, connectionId, ...window);
    await insertChecks(db, tenantId, connectionId, checks.slice(250));
    await expectRollupsEqualRaw(db, tenantId, connectionId, ...window);
    await rollUpPending(db);
    await expectRollupsEqualRaw(db, tenantId, connectionId, ...window);
    const queued = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM health_rollup_pending WHERE connection_id = $1',
      [connectionId],
    );
    expect(queued.rows[0]!.n).toBe(0);

    // Checks in a maintenance window are counted apart, in no status.
    const { rows: apart } = await db.query<{ n: number }>(
      `SELECT COALESCE(sum(in_maintenance), 0)::int AS n FROM health_rollups
        WHERE connection_id = $1 AND granularity = 'h'`,
      [connectionId],
    );
    expect(apart[0]!.n).toBe(checks.filter((c) => c.inMaintenance).length);
    expect(apart[0]!.n).toBeGreaterThan(0);

    // Tenant-wide rollups sum every connection of the tenant, and only of that tenant.
    const tenantDays = await readRollups(db, {
      tenantId,
      connectionId: null,
      granularity: 'day',
      from: new Date(DAY_START),
      to: new Date(DAY_START + 48 * HOUR),
    });
    const counted = checks.filter((c) => !c.inMaintenance);
    expect(tenantDays.reduce((n, b) => n + b.healthy + b.degraded + b.unhealthy, 0)).toBe(
      counted.length,
    );
    expect(tenantDays.reduce((n, b) => n + b.unhealthy, 0)).toBe(
      counted.filter((c) => c.status === 2).length,
    );
    expect(
      await rollupStatusCounts(
        db,
        tenantId,
        null,
        new Date(DAY_START),
        new Date(DAY_START + 48 * HOUR - 1),
      ),
    ).toEqual({
      healthy: counted.filter((c) => c.status === 0).length,
      degraded: counted.filter((c) => c.status === 1).length,
      unhealthy: counted.filter((c) => c.status === 2).length,
    });
    const other = await readRollups(db, {
      tenantId: randomUUID(),
      connectionId: null,
      granularity: 'day',
      from: new Date(DAY_START),
      to: new Date(DAY_START + 48 * HOUR),
    });
    expect(other).toEqual([]);
  });

  it('stay equal across partition boundaries, after days are derived, and with late checks', async () => {
    const db = server().db;
    const tenantId = randomUUID();
    const connectionId = randomUUID();
    // Days in the past of the database's clock, each in its own daily partition.
    const start = Math.floor(Date.now() / DAY) * DAY - 5 * DAY;
    await ensureHealthCheckPartitions(db, new Date(start), { daysBack: 1, daysAhead: 6 });
    // As if the server had last derived daily rows five days ago: these days come from hourly
    // rows until the derivation below.
    await db.query('UPDATE health_rollup_state SET daily_derived_until = $1', [new Date(start)]);
    const edges = [1, 2, 3].flatMap((d) => [
      { at: new Date(start + d * DAY - 1), status: 2, latency: 900, inMaintenance: false },
      { at: new Date(start + d * DAY), status: 0, latency: 40, inMaintenance: false },
    ]);
    const checks = [...makeChecks(7, 400, start, 4 * DAY), ...edges];
    await insertChecks(db, tenantId, connectionId, checks);
    await rollUpPending(db);
    await expectRollupsEqualRaw(db, tenantId, connectionId, start, start + 4 * DAY);

    // The ended days become daily rows; answers do not change.
    const { rows: before } = await db.query<{ until: Date }>(
      'SELECT daily_derived_until AS until FROM health_rollup_state',
    );
    await deriveDailyRollups(db, new Date());
    const { rows: after } = await db.query<{ until: Date }>(
      'SELECT daily_derived_until AS until FROM health_rollup_state',
    );
    expect(new Date(after[0]!.until).getTime()).toBe(Math.floor(Date.now() / DAY) * DAY);
    expect(new Date(after[0]!.until).getTime()).toBeGreaterThanOrEqual(
      new Date(before[0]!.until).getTime(),
    );
    await expectRollupsEqualRaw(db, tenantId, connectionId, start, start + 4 * DAY);

    // Late checks for days already derived: exact while queued and after the pass merged them.
    const late = makeChecks(8, 60, start, 3 * DAY);
    await insertChecks(db, tenantId, connectionId, late);
    await expectRollupsEqualRaw(db, tenantId, connectionId, start, start + 4 * DAY);
    await rollUpPending(db);
    await expectRollupsEqualRaw(db, tenantId, connectionId, start, start + 4 * DAY);
    // Deriving again changes nothing (the watermark has not moved).
    expect(await deriveDailyRollups(db, new Date())).toBe(0);
    await expectRollupsEqualRaw(db, tenantId, connectionId, start, start + 4 * DAY);
  });
});

describeEachDatabase('rollups upgrade', ({ kind }) => {
  it('a database written by the previous migrations upgrades without loss', async () => {
    const db = await freshDatabase(kind);
    try {
      const all = loadMigrations();
      await migrate(
        db,
        all.filter((m) => m.version < '0070'),
      );
      const tenantId = randomUUID();
      const connectionId = randomUUID();
      // Past days and today (the old trigger's daily row of today is partial after the upgrade).
      const today = Math.floor(Date.now() / DAY) * DAY;
      const start = today - 3 * DAY;
      await ensureHealthCheckPartitions(db, new Date(start), { daysBack: 1, daysAhead: 4 });
      const beforeUpgrade = makeChecks(11, 500, start, Date.now() - start - 60_000);
      await insertChecks(db, tenantId, connectionId, beforeUpgrade, { withMaintenance: false });
      const oldRollups = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM health_rollups WHERE connection_id = $1',
        [connectionId],
      );
      expect(oldRollups.rows[0]!.n).toBeGreaterThan(0);

      expect(await migrate(db)).toContain('0070_rollups_off_insert_path');
      await expectRollupsEqualRaw(db, tenantId, connectionId, start, today + DAY);
      // New checks land in the same hours and days as the old ones.
      const afterUpgrade = makeChecks(12, 200, start, Date.now() - start - 60_000);
      await insertChecks(db, tenantId, connectionId, afterUpgrade);
      await expectRollupsEqualRaw(db, tenantId, connectionId, start, today + DAY);
      await rollUpPending(db);
      await expectRollupsEqualRaw(db, tenantId, connectionId, start, today + DAY);
      await deriveDailyRollups(db, new Date(today + DAY + HOUR));
      await expectRollupsEqualRaw(db, tenantId, connectionId, start, today + DAY);
    } finally {
      await db.close();
    }
  }, 120_000);
});
