import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPublicId } from '../src/ids';
import { createLogger } from '../src/logger';
import { runSweep } from '../src/scheduler/check-pipeline';
import { createTestServer, type TestServer } from '../src/testing/test-server';
import { apiClient } from './support/api';
import { cloneConnection } from './support/bulk-connections';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

// A real `serve` process on a shared database, stopped with SIGTERM mid-work: only a server
// database can be shared between processes (PGlite is in-process; its in-process drain is
// covered by scheduler-pipeline.test.ts).
describe.skipIf(!process.env.DATABASE_URL)('SIGTERM drains a serving replica [postgres]', () => {
  let server: TestServer;
  let upstream: Upstream;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    server = await createTestServer({ database: 'postgres' });
    upstream = await startUpstream();
  }, 60_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await upstream?.close();
    await server?.close();
  });

  it('120 claimed, 10 in flight: exits within 15 s, hands the rest back, nothing checked twice', async () => {
    const api = apiClient(() => server, (await server.createTenant()).apiKey);
    const first = await setupConnection(api, {
      baseUrl: `${upstream.url}/slow`,
      path: '/',
      authType: 'none',
    });
    await api.patch(`/integrations/${first.integrationId}`, {
      healthCheckConfig: { intervalMinutes: 60 },
    });
    // /slow answers after 2.5 s: ten are in flight when the signal comes.
    const ids = [
      first.connectionId,
      ...(await cloneConnection(server.db, first.connectionId, 119)),
    ];
    const uuids = ids.map((id) => fromPublicId('connection', id)!);
    const { rows } = await server.db.query<{ name: string }>('SELECT current_database() AS name');
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        PORT: '0',
        HOST: '127.0.0.1',
        WAYGATE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        WAYGATE_OUTBOUND_ALLOW: '127.0.0.1',
        WAYGATE_CHECK_CONCURRENCY: '10',
        WAYGATE_TENANT_CONCURRENCY: '10',
        WAYGATE_HOST_CONCURRENCY: '10',
        WAYGATE_CHECK_TIMEOUT_MS: '10000',
        LOG_LEVEL: 'silent',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    for (let i = 0; i < 300 && upstream.count('/slow') < 10; i += 1) await sleep(50);
    expect(upstream.count('/slow')).toBe(10);
    const { rows: claimed } = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM connections WHERE id = ANY($1::uuid[]) AND lease_owner IS NOT NULL',
      [uuids],
    );
    // The replica claimed ahead of what it runs (a queue), but not everything.
    expect(claimed[0]!.n).toBeGreaterThan(10);

    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const exitMs = Date.now() - signalled;
    expect(exitMs).toBeLessThan(15_000);

    // The ten in flight were written; every other claim was handed back, due now.
    const { rows: after } = await server.db.query<{ checked: number; leased: number; due: number }>(
      `SELECT count(*) FILTER (WHERE last_health_check_at IS NOT NULL)::int AS checked,
              count(*) FILTER (WHERE lease_owner IS NOT NULL)::int AS leased,
              count(*) FILTER (WHERE next_check_at IS NULL OR next_check_at <= now())::int AS due
         FROM connections WHERE id = ANY($1::uuid[])`,
      [uuids],
    );
    // (On a loaded machine a few more may have started before the signal: all that started
    // were written, the rest is due.)
    const started = upstream.count('/slow');
    expect(started).toBeGreaterThanOrEqual(10);
    expect(after[0]).toEqual({ checked: started, leased: 0, due: 120 - started });

    // Another replica picks the rest up at once (no lease to wait for), none twice.
    const summary = await runSweep(
      {
        db: server.db,
        cipher: server.deps.cipher,
        prober: server.deps.prober,
        logger: createLogger({ level: 'silent' }),
        now: () => new Date(),
      },
      {
        owner: 'survivor',
        concurrency: 120,
        tenantConcurrency: 120,
        hostConcurrency: 120,
        checkTimeoutMs: 10_000,
      },
    );
    expect(summary.checked).toBe(120 - started);
    const { rows: counts } = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM health_checks WHERE connection_id = ANY($1::uuid[])
        GROUP BY connection_id`,
      [uuids],
    );
    expect(counts).toHaveLength(120);
    expect(counts.every((c) => c.n === 1)).toBe(true);
    expect(upstream.count('/slow')).toBe(120);
  }, 90_000);
});
