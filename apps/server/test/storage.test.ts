import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { acquireDataDirLock, DataDirLockedError } from '../src/db/data-dir-lock';
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { ensureHealthCheckPartitions, listHealthCheckPartitions } from '../src/db/partitions';
import { fromPublicId } from '../src/ids';
import { rollUpPending, rollupStatusCounts } from '../src/rollups/read-rollups';
import { loadCheckContexts } from '../src/runner/check-context';
import { executeCheck } from '../src/runner/execute-check';
import { recordChecks } from '../src/runner/record-checks';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => upstream.close());

/** The same database, except that statements matching `pattern` fail (inside transactions too). */
function failOn(db: Database, pattern: RegExp): Database {
  const wrap = (inner: Database): Database => ({
    kind: inner.kind,
    query: (sql, params) =>
      pattern.test(sql) ? Promise.reject(new Error('injected failure')) : inner.query(sql, params),
    exec: (sql) => inner.exec(sql),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    close: () => inner.close(),
  });
  return wrap(db);
}

describeEachDatabase('storage', ({ server }) => {
  it('migrations are idempotent (a second run applies nothing)', async () => {
    expect(await migrate(server().db)).toEqual([]);
    const { rows } = await server().db.query<{ version: string }>(
      'SELECT version FROM schema_migrations',
    );
    expect(rows.map((r) => r.version)).toContain('0001_init');
  });

  it('creates daily partitions ahead, idempotently, moving rows out of the default partition', async () => {
    const db = server().db;
    const far = new Date('2031-03-10T12:00:00Z');
    // A row lands in the default partition first (no partition for that day yet)…
    await db.query(
      `INSERT INTO health_checks (created_at, id, connection_id, tenant_id, latency_ms, status, check_type,
         credential_status, breaker_status) VALUES ($1, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 1, 0, 0, 0, 0)`,
      [far],
    );
    // …then the partition is created and the row moves into it.
    expect(await ensureHealthCheckPartitions(db, far, { daysBack: 1, daysAhead: 2 })).toBe(4);
    expect(await ensureHealthCheckPartitions(db, far, { daysBack: 1, daysAhead: 2 })).toBe(0);
    const days = (await listHealthCheckPartitions(db)).map((p) => p.day);
    expect(days).toEqual(
      expect.arrayContaining(['2031-03-09', '2031-03-10', '2031-03-11', '2031-03-12']),
    );
    const { rows } = await db.query<{ part: string }>(
      'SELECT tableoid::regclass::text AS part FROM health_checks WHERE created_at = $1',
      [far],
    );
    expect(rows).toEqual([{ part: 'health_checks_p20310310' }]);
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    expect((await listHealthCheckPartitions(db)).map((p) => p.name)).toContain(
      `health_checks_p${today}`,
    );
  });

  it('a failed transaction leaves no partial rows', async () => {
    const db = server().db;
    const { tenantId } = await server().createTenant();
    const tenant = fromPublicId('tenant', tenantId)!;
    await expect(
      db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO integrations (id, tenant_id, name, base_url, auth_type, created_at, updated_at)
           VALUES (gen_random_uuid(), $1, 'half', 'https://x.test', 'none', now(), now())`,
          [tenant],
        );
        await tx.query('SELECT 1/0');
      }),
    ).rejects.toThrow();
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM integrations WHERE tenant_id = $1',
      [tenant],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('a failure after the first write of a create rolls the whole request back (API)', async () => {
    const base = server().deps;
    // Fails the read-back that follows the INSERT inside createConnection's transaction.
    const failing = failOn(
      base.db,
      /FROM connections c JOIN integrations i ON i\.id = c\.integration_id WHERE c\.id/,
    );
    const app = createApp({ ...base, db: failing });
    const { apiKey, tenantId } = await server().createTenant();
    const api = apiClient(server, apiKey);
    const integration = await api.post('/integrations', {
      name: 'I',
      baseUrl: 'https://i.test',
      authType: 'bearer',
    });
    const res = await app.request('/api/v1/connections', {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        integrationId: integration.body.data.id,
        name: 'half',
        credentials: { type: 'bearer', token: 't' },
      }),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      success: false,
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error' },
    });
    expect(text).not.toContain('injected');
    const { rows } = await server().db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM connections WHERE tenant_id = $1',
      [fromPublicId('tenant', tenantId)],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('records a batch in one statement, writes events, and fences out lost leases', async () => {
    const db = server().db;
    const { apiKey, tenantId } = await server().createTenant();
    const api = apiClient(server, apiKey);
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push(await setupConnection(api, { baseUrl: upstream.url, name: `c${i}` }));
    const uuids = ids.map((x) => fromPublicId('connection', x.connectionId)!);
    // Leases: c0 and c1 held by "worker-a", c2 re-claimed by "worker-b" meanwhile.
    await db.query(`UPDATE connections SET lease_owner = 'worker-a' WHERE id = ANY($1::uuid[])`, [
      uuids.slice(0, 2),
    ]);
    await db.query(`UPDATE connections SET lease_owner = 'worker-b' WHERE id = $1`, [uuids[2]]);

    const contexts = await loadCheckContexts(db, uuids, fromPublicId('tenant', tenantId)!);
    expect(contexts).toHaveLength(3);
    const deps = server().deps;
    upstream.reset();
    const outcomes = await Promise.all(
      contexts.map((c) =>
        executeCheck(c, 'scheduled', {
          cipher: deps.cipher,
          prober: deps.prober,
          now: () => new Date(),
        }),
      ),
    );
    expect(upstream.count()).toBe(3);
    expect(outcomes.every((o) => o.outboundCalls === 1)).toBe(true);
    // Nothing is written by executeCheck itself.
    const before = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM health_checks WHERE connection_id = ANY($1::uuid[])',
      [uuids],
    );
    expect(before.rows[0]?.n).toBe(0);

    const result = await recordChecks(db, outcomes, { leaseOwner: 'worker-a' });
    expect(result.written.map((o) => o.connectionId).sort()).toEqual(uuids.slice(0, 2).sort());
    expect(result.fenced.map((o) => o.connectionId)).toEqual([uuids[2]]);
    expect(result.events).toBe(2);

    const { rows } = await db.query<{
      id: string;
      lease_owner: string | null;
      last_health_check_id: string | null;
    }>('SELECT id, lease_owner, last_health_check_id FROM connections WHERE id = ANY($1::uuid[])', [
      uuids,
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(uuids[0]!)).toMatchObject({ lease_owner: null });
    expect(byId.get(uuids[0]!)?.last_health_check_id).not.toBeNull();
    // The fenced connection keeps the newer owner's lease and gets no row.
    expect(byId.get(uuids[2]!)).toMatchObject({
      lease_owner: 'worker-b',
      last_health_check_id: null,
    });
    const after = await db.query<{ connection_id: string; check_type: number }>(
      'SELECT connection_id, check_type FROM health_checks WHERE connection_id = ANY($1::uuid[])',
      [uuids],
    );
    expect(after.rows.map((r) => r.connection_id).sort()).toEqual(uuids.slice(0, 2).sort());
    expect(after.rows.every((r) => r.check_type === 0)).toBe(true);

    // Same status again: no new event. Without a lease owner, every row is written.
    const again = await Promise.all(
      (await loadCheckContexts(db, uuids.slice(0, 2))).map((c) =>
        executeCheck(c, 'scheduled', {
          cipher: deps.cipher,
          prober: deps.prober,
          now: () => new Date(),
        }),
      ),
    );
    const second = await recordChecks(db, again);
    expect(second.written).toHaveLength(2);
    expect(second.events).toBe(0);
    // A check taken in a maintenance window is stored as such and left out of uptime counts.
    const windowed = await Promise.all(
      (await loadCheckContexts(db, uuids.slice(0, 1))).map((c) =>
        executeCheck(c, 'scheduled', {
          cipher: deps.cipher,
          prober: deps.prober,
          now: () => new Date(),
        }),
      ),
    );
    const tenantUuid = fromPublicId('tenant', tenantId)!;
    const uptimeBefore = await rollupStatusCounts(
      db,
      tenantUuid,
      uuids[0]!,
      new Date(Date.now() - 7_200_000),
      new Date(),
    );
    expect(uptimeBefore.healthy + uptimeBefore.degraded + uptimeBefore.unhealthy).toBe(2);
    await recordChecks(db, [{ ...windowed[0]!, inMaintenance: true }]);
    const flags = await db.query<{ in_maintenance: boolean }>(
      'SELECT in_maintenance FROM health_checks WHERE connection_id = $1 ORDER BY created_at',
      [uuids[0]],
    );
    expect(flags.rows.map((r) => r.in_maintenance)).toEqual([false, false, true]);
    for (const pass of [false, true]) {
      if (pass) await rollUpPending(db);
      expect(
        await rollupStatusCounts(
          db,
          tenantUuid,
          uuids[0]!,
          new Date(Date.now() - 7_200_000),
          new Date(),
        ),
      ).toEqual(uptimeBefore);
    }
    const history = await api.get(`/connections/${ids[0]!.connectionId}/health-checks`);
    expect(history.body.data.map((c: { checkType: string }) => c.checkType)).toEqual([
      'scheduled',
      'scheduled',
      'scheduled',
    ]);
  });

  it('a health check row stays compact', async () => {
    const db = server().db;
    const { rows } = await db.query<{ bytes: number }>(
      `SELECT avg(pg_column_size(t.*))::int AS bytes FROM health_checks t WHERE error_code IS NULL`,
    );
    // Tuple data of a healthy check (header and line pointer not included).
    expect(rows[0]?.bytes).toBeLessThan(140);
  });
});

it('a second opener of an embedded data directory is refused with a clear message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waygate-lock-'));
  try {
    const release = acquireDataDirLock(dir);
    // Simulate another live process holding the lock: our parent's pid.
    release();
    writeFileSync(join(dir, 'waygate.lock'), String(process.ppid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by another process/);
    // A stale lock (dead pid) is taken over.
    writeFileSync(join(dir, 'waygate.lock'), '999999999');
    const again = acquireDataDirLock(dir);
    again();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
