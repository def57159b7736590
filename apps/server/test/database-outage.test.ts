import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import type { Database } from '../src/db/database';
import { openPostgresDatabase } from '../src/db/postgres-database';
import { fromPublicId } from '../src/ids';
import { createLogger } from '../src/logger';
import { DEFAULT_RETENTION } from '../src/scheduler/retention';
import { createScheduler } from '../src/scheduler/scheduler';
import { loadSchedulerConfig } from '../src/scheduler/scheduler-config';
import { createTestServer, type TestServer } from '../src/testing/test-server';
import { apiClient } from './support/api';
import { setupConnection } from './support/fixtures';
import { startUpstream } from './support/upstream';

/**
 * A TCP proxy in front of PostgreSQL that the test can cut and restore: an outage without ever
 * stopping the shared server.
 */
async function startProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server = createServer((client) => {
        const upstream = new NetSocket();
        sockets.add(client);
        sockets.add(upstream);
        upstream.connect(target.port, target.host);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as { port: number }).port));
    });
  const port = await listen(0);
  return {
    port,
    async cut() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
    async restore() {
      await listen(port);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
  };
}

describe.skipIf(!process.env.DATABASE_URL)('the database goes away [postgres]', () => {
  let server: TestServer;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let db: Database;
  const logLines: { level: number; msg: string; err?: unknown }[] = [];
  beforeAll(async () => {
    server = await createTestServer({ database: 'postgres' });
    const { rows } = await server.db.query<{ name: string }>('SELECT current_database() AS name');
    const real = new URL(process.env.DATABASE_URL!);
    proxy = await startProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const viaProxy = new URL(real);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    viaProxy.pathname = `/${rows[0]!.name}`;
    db = await openPostgresDatabase(viaProxy.toString(), { max: 4 });
  }, 60_000);
  afterAll(async () => {
    await db?.close().catch(() => {});
    await proxy?.close().catch(() => {});
    await server?.close();
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After, warns once, and recovers by itself', async () => {
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _encoding, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean))
            logLines.push(JSON.parse(line));
          done();
        },
      }),
    });
    const app = createApp({ ...server.deps, db, logger });
    const { apiKey } = await server.createTenant();
    const get = (path: string) =>
      app.request(path, { headers: { Authorization: `Bearer ${apiKey}` } });

    expect((await get('/api/v1/connections')).status).toBe(200);

    await proxy.cut();
    for (let i = 0; i < 5; i += 1) {
      const response = await get('/api/v1/connections');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('DATABASE_UNAVAILABLE');
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|at .*\.ts|stack/);
    }
    expect((await get('/readyz')).status).toBe(503);
    expect((await get('/healthz')).status).toBe(503);
    // Liveness does not depend on the database: an outage must not restart every pod.
    expect((await get('/livez')).status).toBe(200);
    const warnings = logLines.filter((l) => l.level === 40 && /database unavailable/.test(l.msg));
    expect(warnings).toHaveLength(1);
    expect(logLines.filter((l) => l.level >= 50)).toEqual([]);

    await proxy.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i += 1) {
      status = (await get('/api/v1/connections')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
  }, 60_000);

  it('the scheduler backs off while the database is away and resumes when it is back', async () => {
    logLines.length = 0;
    const upstream = await startUpstream();
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _encoding, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean))
            logLines.push(JSON.parse(line));
          done();
        },
      }),
    });
    const api = apiClient(() => server, (await server.createTenant()).apiKey);
    const { connectionId } = await setupConnection(api, {
      baseUrl: upstream.url,
      authType: 'none',
    });
    await proxy.cut();
    const scheduler = createScheduler(
      { db, cipher: server.deps.cipher, prober: server.deps.prober, logger, now: () => new Date() },
      loadSchedulerConfig({ WAYGATE_SCHEDULER_TICK_MS: '500' }, 2_000),
      DEFAULT_RETENTION,
    );
    try {
      scheduler.start();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(upstream.count()).toBe(0);
      expect(logLines.filter((l) => /database unavailable/.test(l.msg))).toHaveLength(1);
      await proxy.restore();
      const checked = async () =>
        (
          await server.db.query('SELECT 1 FROM health_checks WHERE connection_id = $1', [
            fromPublicId('connection', connectionId),
          ])
        ).rows.length;
      for (let i = 0; i < 200 && (await checked()) === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await checked()).toBe(1);
      expect(upstream.count()).toBe(1);
    } finally {
      await scheduler.stop();
      await upstream.close();
    }
  }, 60_000);
});
