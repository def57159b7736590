import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import type { Database } from '../src/db/database';
import { openPostgresDatabase } from '../src/db/postgres-database';
import { parseAllowList } from '../src/outbound/allow-list';
import { createProber, type Prober } from '../src/outbound/prober';
import { createTestServer, type TestServer } from '../src/testing/test-server';
import { type ApiClient, type ApiResponse, apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

// WAYGATE_MANUAL_CHECK_LIMIT under concurrency: the slot is reserved in the database before the
// check calls out, so a burst of requests makes at most `limit` upstream calls and 201s, on one
// server and on two servers sharing one PostgreSQL database. Upstream calls are counted at a
// real loopback server that answers slowly, so every probe of the burst is in flight at once.

const LIMIT = 6;
const BURST = 40;
const SLOW_PATH = '/slow?ms=300';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});

function expectLimited(responses: ApiResponse[], limit: number) {
  const created = responses.filter((r) => r.status === 201);
  const refused = responses.filter((r) => r.status === 429);
  expect(responses.filter((r) => r.status !== 201 && r.status !== 429).map((r) => r.text)).toEqual(
    [],
  );
  expect(created).toHaveLength(limit);
  expect(refused).toHaveLength(responses.length - limit);
  for (const response of refused) {
    expect(response.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(response.body.error.details.retryAfterSeconds).toBe(retryAfter);
  }
}

const upstreamCalls = (connectionName: string) =>
  upstream.requests.filter(
    (r) => r.url.startsWith('/slow') && r.headers.authorization?.endsWith(connectionName),
  ).length;

describeEachDatabase(
  'manual-check limit, one server',
  ({ server, kind }) => {
    let api: ApiClient;
    beforeAll(async () => {
      api = apiClient(server, (await server().createTenant()).apiKey);
    });

    it(`${BURST} concurrent manual checks with a limit of ${LIMIT} → ${LIMIT} × 201 and ${LIMIT} upstream calls, the rest 429 with Retry-After`, async () => {
      const token = `tok-burst-one-${kind}`;
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        path: SLOW_PATH,
        credentials: { type: 'bearer', token },
      });
      const responses = await Promise.all(
        Array.from({ length: BURST }, () => api.post(`/connections/${connectionId}/health-checks`)),
      );
      expectLimited(responses, LIMIT);
      expect(upstreamCalls(token)).toBe(LIMIT);
      // The next one, after the burst, is refused too: the slots are used for a minute.
      expect((await api.post(`/connections/${connectionId}/health-checks`)).status).toBe(429);
      expect(upstreamCalls(token)).toBe(LIMIT);
    });

    it('a failed check keeps its slot (nothing is given back)', async () => {
      const { connectionId } = await setupConnection(api, { baseUrl: upstream.url, path: '/fail' });
      for (let i = 0; i < LIMIT; i++) {
        const failed = await api.post(`/connections/${connectionId}/health-checks`);
        expect(failed.status, failed.text).toBe(201);
        expect(failed.body.data.status).toBe('unhealthy');
      }
      expect((await api.post(`/connections/${connectionId}/health-checks`)).status).toBe(429);
    });

    it('limits each connection on its own, and an unknown connection is still 404', async () => {
      const a = await setupConnection(api, { baseUrl: upstream.url, name: 'a' });
      const b = await setupConnection(api, { baseUrl: upstream.url, name: 'b' });
      for (let i = 0; i < LIMIT; i++) {
        expect((await api.post(`/connections/${a.connectionId}/health-checks`)).status).toBe(201);
      }
      expect((await api.post(`/connections/${a.connectionId}/health-checks`)).status).toBe(429);
      expect((await api.post(`/connections/${b.connectionId}/health-checks`)).status).toBe(201);
      const missing = await api.post('/connections/conn_01J0000000000000000000000/health-checks');
      expect(missing.status).toBe(404);
    });
  },
  { config: { manualCheckLimit: LIMIT } },
);

describe('manual-check limit, a slot frees up after a minute', () => {
  let now = new Date('2026-03-02T10:00:00.000Z');
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ now: () => now, config: { manualCheckLimit: 2 } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers Retry-After from the oldest slot, and takes a new check once it has aged out', async () => {
    const api = apiClient(() => server, (await server.createTenant()).apiKey);
    const { connectionId } = await setupConnection(api, { baseUrl: upstream.url });
    const post = () => api.post(`/connections/${connectionId}/health-checks`);
    expect((await post()).status).toBe(201);
    now = new Date(now.getTime() + 20_000);
    expect((await post()).status).toBe(201);
    now = new Date(now.getTime() + 15_000);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('25');
    now = new Date(now.getTime() + 25_000);
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(429);
  });
});

describe.skipIf(!process.env.DATABASE_URL)(
  'manual-check limit, two server instances on one PostgreSQL database',
  () => {
    let first: TestServer;
    let secondDb: Database;
    let secondProber: Prober;
    let second: ReturnType<typeof createApp>;
    beforeAll(async () => {
      first = await createTestServer({
        database: 'postgres',
        config: { manualCheckLimit: LIMIT },
      });
      // A second replica: its own pool on the same database, its own prober, its own app.
      const { rows } = await first.db.query<{ name: string }>('SELECT current_database() AS name');
      const url = new URL(process.env.DATABASE_URL as string);
      url.pathname = `/${rows[0]?.name}`;
      secondDb = await openPostgresDatabase(url.toString(), { max: 8 });
      secondProber = createProber({ allowList: parseAllowList('127.0.0.1,::1') });
      second = createApp({ ...first.deps, db: secondDb, prober: secondProber });
    }, 60_000);
    afterAll(async () => {
      await secondProber?.close();
      await secondDb?.close();
      await first?.close();
    });

    it(`${BURST} concurrent manual checks split over two servers → ${LIMIT} upstream calls in all`, async () => {
      const { apiKey } = await first.createTenant();
      const viaFirst = apiClient(() => first, apiKey);
      const viaSecond = apiClient(() => ({ ...first, app: second }), apiKey);
      const token = 'tok-burst-two';
      const { connectionId } = await setupConnection(viaFirst, {
        baseUrl: upstream.url,
        path: SLOW_PATH,
        credentials: { type: 'bearer', token },
      });
      const responses = await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          (i % 2 === 0 ? viaFirst : viaSecond).post(`/connections/${connectionId}/health-checks`),
        ),
      );
      expectLimited(responses, LIMIT);
      expect(upstreamCalls(token)).toBe(LIMIT);
      // Both replicas served some of the burst, and refused some.
      const byServer = (parity: number, status: number) =>
        responses.filter((r, i) => i % 2 === parity && r.status === status).length;
      expect(byServer(0, 429) + byServer(1, 429)).toBe(BURST - LIMIT);
      const history = await viaSecond.get(`/connections/${connectionId}/health-checks?limit=100`);
      expect(history.body.data).toHaveLength(LIMIT);
    });
  },
);
