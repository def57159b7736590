import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ensureHealthCheckPartitions, listHealthCheckPartitions } from '../src/db/partitions';
import { runMaintenance } from '../src/scheduler/retention';
import { describeEachDatabase } from './support/databases';

const DAY = 86_400_000;
const NOW = new Date('2026-06-20T12:00:00Z');

describeEachDatabase('retention', ({ server }) => {
  it('drops whole daily partitions past retention and keeps the recent ones with their rows', async () => {
    const db = server().db;
    await ensureHealthCheckPartitions(db, new Date(NOW.getTime() - 12 * DAY), {
      daysBack: 1,
      daysAhead: 12,
    });
    const connectionId = randomUUID();
    const insertAt = (at: Date) =>
      db.query(
        `INSERT INTO health_checks (created_at, id, connection_id, tenant_id, latency_ms, status,
           check_type, credential_status, breaker_status)
         VALUES ($1, gen_random_uuid(), $2, $2, 10, 0, 0, 0, 0)`,
        [at, connectionId],
      );
    const old = new Date(NOW.getTime() - 9 * DAY); // 2026-06-11
    const edge = new Date('2026-06-13T00:30:00Z'); // the oldest day inside 7 days
    const recent = new Date(NOW.getTime() - DAY);
    for (const at of [old, edge, recent]) await insertAt(at);

    const result = await runMaintenance(db, NOW, {
      healthCheckDays: 7,
      hourlyRollupDays: 30,
      dailyRollupDays: 400,
    });

    const days = (await listHealthCheckPartitions(db)).map((p) => p.day);
    expect(result.partitionsDropped).toContain('health_checks_p20260611');
    // Ended days that are kept get their indexes rebuilt full, once; today's is left alone.
    expect(result.partitionsCompacted).toContain('health_checks_p20260613');
    expect(result.partitionsCompacted).not.toContain('health_checks_p20260620');
    const { rows: options } = await db.query<{ options: string[] | null }>(
      `SELECT ic.reloptions AS options FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
        WHERE x.indrelid = 'health_checks_p20260613'::regclass`,
    );
    expect(options).toHaveLength(2);
    expect(options.every((o) => o.options?.includes('fillfactor=100'))).toBe(true);
    const again = await runMaintenance(db, NOW, {
      healthCheckDays: 7,
      hourlyRollupDays: 30,
      dailyRollupDays: 400,
    });
    expect(again.partitionsCompacted).toEqual([]);
    expect(days).not.toContain('2026-06-11');
    expect(days).not.toContain('2026-06-12');
    expect(days).toContain('2026-06-13');
    // Partitions for the coming week exist ahead of time.
    expect(days).toContain('2026-06-22');
    const { rows } = await db.query<{ created_at: Date }>(
      'SELECT created_at FROM health_checks WHERE connection_id = $1 ORDER BY created_at',
      [connectionId],
    );
    expect(rows.map((r) => new Date(r.created_at).toISOString())).toEqual([
      edge.toISOString(),
      recent.toISOString(),
    ]);
    // Rollups outlive raw rows: the dropped day's hourly rollup is still there.
    const rollups = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM health_rollups WHERE connection_id = $1 AND granularity = 'h'`,
      [connectionId],
    );
    expect(rollups.rows[0]!.n).toBe(3);

    // Run again much later: hourly rollups age out after 30 days, daily ones stay.
    await runMaintenance(db, new Date(NOW.getTime() + 40 * DAY), {
      healthCheckDays: 7,
      hourlyRollupDays: 30,
      dailyRollupDays: 400,
    });
    const after = await db.query<{ granularity: string; n: number }>(
      `SELECT granularity::text, count(*)::int AS n FROM health_rollups WHERE connection_id = $1
        GROUP BY granularity ORDER BY granularity`,
      [connectionId],
    );
    expect(after.rows).toEqual([{ granularity: 'd', n: 3 }]);
  });
});

describeEachDatabase('retention under load', ({ server, kind }) => {
  it.skipIf(kind !== 'postgres')(
    'defers a partition a long transaction is reading instead of blocking writes, then drops it',
    async () => {
      const db = server().db;
      const now = new Date('2026-07-20T12:00:00Z');
      await ensureHealthCheckPartitions(db, new Date(now.getTime() - 10 * DAY), {
        daysBack: 0,
        daysAhead: 0,
      });
      await ensureHealthCheckPartitions(db, now);
      const { rows } = await db.query<{ name: string }>('SELECT current_database() AS name');
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${rows[0]!.name}`;
      const { default: pg } = await import('pg');
      const reader = new pg.Client({ connectionString: url.toString() });
      await reader.connect();
      try {
        // A report reading history holds a lock that DETACH must wait for.
        await reader.query('BEGIN');
        await reader.query('SELECT count(*) FROM health_checks');
        const policy = { healthCheckDays: 7, hourlyRollupDays: 30, dailyRollupDays: 400 };
        const busy = await runMaintenance(db, now, policy);
        expect(busy.partitionsDeferred).toContain('health_checks_p20260710');
        expect(busy.partitionsDropped).not.toContain('health_checks_p20260710');
        await reader.query('COMMIT');
        const later = await runMaintenance(db, now, policy);
        expect(later.partitionsDropped).toContain('health_checks_p20260710');
      } finally {
        await reader.end();
      }
    },
  );
});

describeEachDatabase('retention leftovers', ({ server }) => {
  it('drops a day that an interrupted run detached but did not drop', async () => {
    const db = server().db;
    const now = new Date('2026-08-20T12:00:00Z');
    await ensureHealthCheckPartitions(db, new Date(now.getTime() - 10 * DAY), {
      daysBack: 0,
      daysAhead: 0,
    });
    // As if a run had committed the DETACH and died before the DROP.
    await db.query('ALTER TABLE health_checks DETACH PARTITION health_checks_p20260810');
    const result = await runMaintenance(db, now, {
      healthCheckDays: 7,
      hourlyRollupDays: 30,
      dailyRollupDays: 400,
    });
    expect(result.partitionsDropped).toContain('health_checks_p20260810');
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class WHERE relname = 'health_checks_p20260810'`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});
