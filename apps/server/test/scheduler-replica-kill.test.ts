import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { runSweep } from '../src/scheduler/check-pipeline';
import { createTestServer, type TestServer } from '../src/testing/test-server';
import { apiClient } from './support/api';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Two processes on one database: only a server database can be shared (PGlite is in-process).
describe.skipIf(!process.env.DATABASE_URL)('a replica killed mid-sweep [postgres]', () => {
  let server: TestServer;
  let upstream: Upstream;
  beforeAll(async () => {
    server = await createTestServer({ database: 'postgres' });
    upstream = await startUpstream();
  }, 60_000);
  afterAll(async () => {
    await upstream?.close();
    await server?.close();
  });

  it('loses nothing: another replica checks its connections once the lease expires', async () => {
    const api = apiClient(() => server, (await server.createTenant()).apiKey);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { connectionId } = await setupConnection(api, {
        baseUrl: `${upstream.url}/hang`,
        path: '/',
        authType: 'none',
      });
      ids.push(connectionId);
    }
    const { rows } = await server.db.query<{ name: string }>('SELECT current_database() AS name');
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./support/sweep-child.ts', import.meta.url))],
      { env: { ...process.env, DATABASE_URL: url.toString(), LEASE_MS: '1500' }, stdio: 'ignore' },
    );
    // Mid-sweep: the doomed replica's requests are hanging at the upstream.
    for (let i = 0; i < 200 && upstream.count() < 5; i += 1) await sleep(50);
    expect(upstream.count()).toBe(5);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const survivor = () =>
      runSweep(
        {
          db: server.db,
          cipher: server.deps.cipher,
          prober: server.deps.prober,
          logger: createLogger({ level: 'silent' }),
          now: () => new Date(),
        },
        { owner: 'survivor', concurrency: 10, checkTimeoutMs: 300 },
      );
    const { rows: leased } = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM connections WHERE lease_owner = 'doomed-replica' AND lease_expires_at > now()`,
    );
    if (leased[0]!.n > 0) {
      // While the lease holds, the survivor leaves them alone.
      expect((await survivor()).claimed).toBe(0);
    }
    await sleep(1600);
    const summary = await survivor();
    expect(summary.claimed).toBe(5);
    for (const id of ids) {
      const history = await api.get(`/connections/${id}/health-checks`);
      expect(history.body.data).toHaveLength(1);
      expect(history.body.data[0].error.code).toBe('TIMEOUT');
    }
  }, 60_000);
});
