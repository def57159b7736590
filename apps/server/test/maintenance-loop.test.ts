import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import { rollUpPending } from '../src/rollups/read-rollups';
import { startFrequentMaintenance, vacuumHotTables } from '../src/scheduler/maintenance';
import { describeEachDatabase } from './support/databases';

async function queueChecks(db: Database, tenantId: string, count: number, at = new Date()) {
  await db.query(
    `INSERT INTO health_checks (created_at, id, connection_id, tenant_id, latency_ms,
       test_action_latency_ms, status, check_type, credential_status, breaker_status)
     SELECT $1, gen_random_uuid(), gen_random_uuid(), $2, 1, 100 + g % 50, 0, 0, 0, 0
       FROM generate_series(1, $3::int) g`,
    [at, tenantId, count],
  );
}

async function pendingOf(db: Database, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM health_rollup_pending WHERE tenant_id = $1',
    [tenantId],
  );
  return rows[0]!.n;
}

describeEachDatabase('frequent maintenance', ({ server, kind }) => {
  it('the loop moves queued checks into the rollups', async () => {
    const db = server().db;
    const tenantId = randomUUID();
    await queueChecks(db, tenantId, 20);
    expect(await pendingOf(db, tenantId)).toBe(20);
    const loop = startFrequentMaintenance(db, pino({ level: 'silent' }), { rollupIntervalMs: 20 });
    try {
      for (let i = 0; i < 500 && (await pendingOf(db, tenantId)) > 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await loop.stop();
    }
    expect(await pendingOf(db, tenantId)).toBe(0);
    const { rows } = await db.query<{ n: number }>(
      `SELECT COALESCE(sum(healthy), 0)::int AS n FROM health_rollups
        WHERE tenant_id = $1 AND granularity = 'h'`,
      [tenantId],
    );
    expect(rows[0]!.n).toBe(20);
  });

  it.skipIf(kind !== 'pglite')(
    'on PGlite (no autovacuum) the vacuum lets a churned table reuse its space',
    async () => {
      const db = server().db;
      const size = async () => {
        const { rows } = await db.query<{ bytes: string }>(
          `SELECT pg_relation_size('health_rollup_pending')::text AS bytes`,
        );
        return Number(rows[0]!.bytes);
      };
      const round = async () => {
        await queueChecks(db, randomUUID(), 5000);
        await rollUpPending(db);
      };
      await vacuumHotTables(db);
      await round();
      await vacuumHotTables(db);
      const afterOne = await size();
      for (let i = 0; i < 3; i++) {
        await round();
        await vacuumHotTables(db);
      }
      // The queue's pages were freed by each vacuum and filled again: no growth.
      expect(await size()).toBeLessThanOrEqual(afterOne);
      // Without the vacuum the same churn grows the table (so the assertion above can fail).
      for (let i = 0; i < 3; i++) await round();
      expect(await size()).toBeGreaterThan(afterOne * 2);
    },
    // Seven rounds of 5,000 queued checks on PGlite: seconds on a quiet machine, more when shared.
    180_000,
  );
});
