import { randomUUID } from 'node:crypto';
import { HealthSummary, successEnvelope } from '@waygate/health-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import { loadMigrations, migrate } from '../src/db/migrate';
import { fromPublicId } from '../src/ids';
import { loadCheckContexts } from '../src/runner/check-context';
import { executeCheck } from '../src/runner/execute-check';
import { recordChecks } from '../src/runner/record-checks';
import { tenantApi } from '../src/webhooks/test-support/webhook-harness';
import { cloneConnection } from './support/bulk-connections';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => upstream.close());

interface Counts {
  total: number;
  never_checked: number;
  healthy: number;
  degraded: number;
  unhealthy: number;
}

/** The summary's rule applied to `connections` directly (what the counters must equal). */
async function countedDirectly(db: Database, tenant: string): Promise<Counts> {
  const { rows } = await db.query<Counts>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE last_health_check_at IS NULL)::int AS never_checked,
            count(*) FILTER (WHERE last_health_check_at IS NOT NULL AND health_status = 'healthy')::int AS healthy,
            count(*) FILTER (WHERE last_health_check_at IS NOT NULL AND health_status = 'degraded')::int AS degraded,
            count(*) FILTER (WHERE last_health_check_at IS NOT NULL AND health_status = 'unhealthy')::int AS unhealthy
       FROM connections WHERE tenant_id = $1`,
    [tenant],
  );
  return rows[0] as Counts;
}

async function kept(db: Database, tenant: string): Promise<Counts | undefined> {
  const { rows } = await db.query<Counts>(
    `SELECT total, never_checked, healthy, degraded, unhealthy FROM tenant_health_counts
      WHERE tenant_id = $1`,
    [tenant],
  );
  return rows[0];
}

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

// The summary's counts are counters kept by triggers on `connections` (migration 0100), a copy
// of the rule the summary used to apply at request time: they must equal that count after every
// kind of write — creation, checks recorded, status edits in bulk, deletions, a tenant deleted.
describeEachDatabase('summary counts kept per tenant', ({ server }) => {
  it('equal a direct count of the connections after every kind of write', async () => {
    const db = server().db;
    const a = await tenantApi(server);
    const b = await tenantApi(server);
    const tenants = [a, b].map((t) => fromPublicId('tenant', t.tenantId) as string);
    const expectParity = async (step: string) => {
      for (const tenant of tenants) {
        const direct = await countedDirectly(db, tenant);
        expect(
          (await kept(db, tenant)) ?? { ...direct, total: 0 },
          `${step}, tenant ${tenant}`,
        ).toEqual(direct);
      }
    };

    const firsts = [];
    for (const { api } of [a, b]) {
      const { connectionId } = await setupConnection(api, { baseUrl: upstream.url, path: '/ok' });
      await cloneConnection(db, connectionId, 29);
      firsts.push(connectionId);
    }
    await expectParity('created (never checked)');
    expect((await kept(db, tenants[0] as string))?.never_checked).toBe(30);

    // Real checks through the scheduler's write path.
    const uuids = (
      await db.query<{ id: string }>(
        'SELECT id FROM connections WHERE tenant_id = ANY($1::uuid[]) ORDER BY id LIMIT 40',
        [tenants],
      )
    ).rows.map((r) => r.id);
    const outcomes = await Promise.all(
      (await loadCheckContexts(db, uuids)).map((c) =>
        executeCheck(c, 'scheduled', {
          cipher: server().deps.cipher,
          prober: server().deps.prober,
          now: () => new Date(),
        }),
      ),
    );
    expect((await recordChecks(db, outcomes)).written).toHaveLength(uuids.length);
    await expectParity('checks recorded');

    // Bulk status edits across both tenants in one statement (as a seed or an operator does),
    // including back to "never checked".
    const next = random(15);
    for (let round = 0; round < 8; round += 1) {
      const picks = uuids.filter(() => next() < 0.5);
      const statuses = picks.map(
        () => ['healthy', 'degraded', 'unhealthy'][Math.floor(next() * 3)],
      );
      const nevers = picks.map(() => next() < 0.15);
      await db.query(
        `UPDATE connections c SET health_status = p.status,
                last_health_check_at = CASE WHEN p.never THEN NULL ELSE now() END
           FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS p(id, status, never)
          WHERE c.id = p.id`,
        [picks, statuses, nevers],
      );
      await expectParity(`status edit round ${round}`);
    }

    const deleted = await a.api.delete(`/connections/${firsts[0]}`);
    expect(deleted.status, deleted.text).toBe(204);
    await db.query(
      `DELETE FROM connections WHERE id IN (
         SELECT id FROM connections WHERE tenant_id = ANY($1::uuid[]) ORDER BY id DESC LIMIT 7)`,
      [tenants],
    );
    await expectParity('connections deleted');

    // What the API answers is the kept count.
    const summary = successEnvelope(HealthSummary).parse(
      (await b.api.get('/health-checks/summary')).body,
    ).data;
    const direct = await countedDirectly(db, tenants[1] as string);
    expect(summary).toMatchObject({
      totalConnections: direct.total,
      neverChecked: direct.never_checked,
      healthy: direct.healthy,
      degraded: direct.degraded,
      unhealthy: direct.unhealthy,
    });

    // A deleted tenant leaves no counter row behind.
    await db.query('DELETE FROM tenants WHERE id = $1', [tenants[0]]);
    expect(await kept(db, tenants[0] as string)).toBeUndefined();
    await expectParity('other tenant deleted');
  });
});

describeEachDatabase('summary counts upgrade', ({ kind }) => {
  it('a database written by the previous migrations gets its counts on upgrade', async () => {
    const db = await freshDatabase(kind);
    try {
      await migrate(
        db,
        loadMigrations().filter((m) => m.version < '0100'),
      );
      const now = new Date();
      const tenants = [randomUUID(), randomUUID()];
      for (const tenant of tenants) {
        const integration = randomUUID();
        await db.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenant, 'Old']);
        await db.query(
          `INSERT INTO integrations (id, tenant_id, name, base_url, auth_type, created_at, updated_at)
           VALUES ($1, $2, 'Old', 'https://api.example.test', 'none', $3, $3)`,
          [integration, tenant, now],
        );
        // Every bucket: never checked, and checked healthy, degraded, unhealthy.
        await db.query(
          `INSERT INTO connections (id, tenant_id, integration_id, name, created_at, updated_at,
             health_status, last_health_check_at)
           SELECT gen_random_uuid(), $1, $2, 'c' || n, $3, $3,
                  (ARRAY['healthy', 'degraded', 'unhealthy'])[1 + n % 3],
                  CASE WHEN n % 4 = 0 THEN NULL ELSE $3::timestamptz END
             FROM generate_series(1, $4::int) AS n`,
          [tenant, integration, now, tenant === tenants[0] ? 23 : 7],
        );
      }
      expect(await migrate(db)).toContain('0100_tenant_health_counts');
      for (const tenant of tenants) {
        const direct = await countedDirectly(db, tenant);
        expect(direct.never_checked).toBeGreaterThan(0);
        expect(await kept(db, tenant)).toEqual(direct);
      }
    } finally {
      await db.close();
    }
  });
});
