import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/ids';
import { createLogger } from '../src/logger';
import { DEFAULT_RETENTION } from '../src/scheduler/retention';
import { createScheduler } from '../src/scheduler/scheduler';
import { loadSchedulerConfig } from '../src/scheduler/scheduler-config';
import type { TestServer } from '../src/testing/test-server';
import { type ApiClient, apiClient } from './support/api';
import { cloneConnection } from './support/bulk-connections';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with `promise`, or fails the test if it takes longer than `ms` (stalled). */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitFor(what: string, ms: number, test: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

function startScheduler(server: TestServer, env: Record<string, string>) {
  const scheduler = createScheduler(
    {
      db: server.db,
      cipher: server.deps.cipher,
      prober: server.deps.prober,
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(),
    },
    loadSchedulerConfig(env, server.deps.config.checkTimeoutMs),
    DEFAULT_RETENTION,
  );
  scheduler.start();
  return scheduler;
}

async function checkTimes(server: TestServer, connectionIds: string[]): Promise<number[]> {
  const { rows } = await server.db.query<{ created_at: Date }>(
    'SELECT created_at FROM health_checks WHERE connection_id = ANY($1::uuid[])',
    [connectionIds.map((id) => fromPublicId('connection', id))],
  );
  return rows.map((r) => new Date(r.created_at).getTime());
}

let hostile: Upstream;
let friendly: Upstream;
beforeAll(async () => {
  // Two upstreams on two ports: two hosts as far as per-host limits go.
  [hostile, friendly] = await Promise.all([startUpstream(), startUpstream()]);
});
afterAll(async () => {
  await Promise.all([hostile.close(), friendly.close()]);
});

describeEachDatabase(
  'scheduler v2: no tenant can stall another',
  ({ server }) => {
    let attacker: ApiClient;
    let victim: ApiClient;
    beforeAll(async () => {
      attacker = apiClient(server, (await server().createTenant('Attacker')).apiKey);
      victim = apiClient(server, (await server().createTenant('Victim')).apiKey);
    });

    it('a tenant answering 429 Retry-After: 999999999 pauses only itself, and briefly', async () => {
      hostile.reset();
      friendly.reset();
      const first = await setupConnection(attacker, {
        baseUrl: hostile.url,
        path: '/hostile-429',
        authType: 'none',
      });
      const attackerIds = [
        first.connectionId,
        ...(await cloneConnection(server().db, first.connectionId, 29)),
      ];
      const scheduler = startScheduler(server(), {
        WAYGATE_SCHEDULER_TICK_MS: '1000',
        WAYGATE_HOST_CONCURRENCY: '5',
      });
      try {
        await waitFor(
          'the first 429',
          10_000,
          async () => (await checkTimes(server(), attackerIds)).length > 0,
        );
        const startedAt = Date.now();
        const { connectionId } = await setupConnection(victim, {
          baseUrl: friendly.url,
          authType: 'none',
        });
        await waitFor(
          'the victim checked',
          10_000,
          async () => (await checkTimes(server(), [connectionId])).length === 1,
        );
        expect(Date.now() - startedAt).toBeLessThan(10_000);

        // The pair was paused after the first answers: the queued checks were handed back, not
        // held, and not sent (at most one host-concurrency's worth was in flight).
        expect(hostile.count('/hostile-429')).toBeLessThanOrEqual(10);
        // The ones never sent were handed back at once, due when the pause ends: Retry-After
        // is capped at the interval (15 min) and at 15 minutes, not 31 years.
        const { rows } = await server().db.query<{ n: number; leased: number; latest: Date }>(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE lease_owner IS NOT NULL)::int AS leased,
                  max(next_check_at) AS latest
             FROM connections WHERE id = ANY($1::uuid[]) AND last_health_check_at IS NULL`,
          [attackerIds.map((id) => fromPublicId('connection', id))],
        );
        expect(rows[0]!.n).toBeGreaterThanOrEqual(20);
        expect(rows[0]!.leased).toBe(0);
        const pausedFor = new Date(rows[0]!.latest).getTime() - Date.now();
        expect(pausedFor).toBeGreaterThan(14 * 60_000);
        expect(pausedFor).toBeLessThanOrEqual(15 * 60_000);

        // The cron endpoint's pass answers (nothing of the attacker's is due), and so does stop.
        const summary = await within(
          10_000,
          'a cron pass',
          scheduler.sweepOnce({ budgetMs: 5_000 }),
        );
        expect(summary.claimed).toBe(0);
      } finally {
        await within(15_000, 'draining', scheduler.stop());
      }
    }, 60_000);

    it('500 hanging connections of one tenant do not delay another tenant’s checks by more than a tick', async () => {
      const slow = apiClient(server, (await server().createTenant('Slow')).apiKey);
      const hang = await setupConnection(slow, {
        baseUrl: `${hostile.url}/hang`,
        path: '/',
        authType: 'none',
      });
      await cloneConnection(server().db, hang.connectionId, 499);
      const scheduler = startScheduler(server(), {
        WAYGATE_SCHEDULER_TICK_MS: '1000',
        WAYGATE_CHECK_CONCURRENCY: '40',
        WAYGATE_HOST_CONCURRENCY: '40',
      });
      try {
        await waitFor(
          'the slow tenant’s checks in flight',
          10_000,
          async () => hostile.count('/hang') >= 20,
        );
        const created = Date.now();
        const victims: string[] = [];
        for (let i = 0; i < 5; i += 1) {
          victims.push(
            (await setupConnection(victim, { baseUrl: friendly.url, authType: 'none' }))
              .connectionId,
          );
        }
        await waitFor(
          'the victim’s checks',
          10_000,
          async () => (await checkTimes(server(), victims)).length === 5,
        );
        // Each was checked within a tick (1 s) of being created, plus the time to create them.
        const lastCreated = Date.now();
        for (const at of await checkTimes(server(), victims)) {
          expect(at - created).toBeLessThan(lastCreated - created + 1_000 + 1_500);
        }
        // The slow tenant never held more than its share (half of 40) in flight.
        expect(hostile.count('/hang')).toBeLessThanOrEqual(20);
      } finally {
        // In-flight hangs end at the check timeout (2 s in tests); the rest is handed back.
        await within(15_000, 'draining', scheduler.stop());
      }
      const { rows } = await server().db.query<{ leased: number }>(
        `SELECT count(*)::int AS leased FROM connections WHERE lease_owner IS NOT NULL`,
      );
      expect(rows[0]!.leased).toBe(0);
    }, 60_000);

    it('a tenant whose one host hangs cannot fill the queue and stop claims for everyone', async () => {
      // Its checks can start only 5 at a time (the host's limit), 2.5/s at a 2 s timeout: if its
      // claims were not bounded per host, they would pile up in the queue and the claimer, seeing
      // a full queue, would stop claiming for every tenant until the backlog's leases aged.
      const stuck = apiClient(server, (await server().createTenant('Stuck')).apiKey);
      const hang = await setupConnection(stuck, {
        baseUrl: `${hostile.url}/hang`,
        path: '/',
        authType: 'none',
      });
      await cloneConnection(server().db, hang.connectionId, 999);
      const scheduler = startScheduler(server(), {
        WAYGATE_SCHEDULER_TICK_MS: '1000',
        WAYGATE_CHECK_CONCURRENCY: '40',
        WAYGATE_HOST_CONCURRENCY: '5',
      });
      try {
        // Let several timeouts pass, so the stuck tenant's holding rises and falls.
        await sleep(5_000);
        const created = Date.now();
        const victims: string[] = [];
        for (let i = 0; i < 3; i += 1) {
          victims.push(
            (await setupConnection(victim, { baseUrl: friendly.url, authType: 'none' }))
              .connectionId,
          );
        }
        const setupMs = Date.now() - created;
        await waitFor(
          'the victim’s checks',
          setupMs + 5_000,
          async () => (await checkTimes(server(), victims)).length === 3,
        );
        const { rows } = await server().db.query<{ queued: number }>(
          `SELECT count(*)::int AS queued FROM connections
            WHERE tenant_id = (SELECT tenant_id FROM connections WHERE id = $1)
              AND lease_owner IS NOT NULL`,
          [fromPublicId('connection', hang.connectionId)],
        );
        // Claimed for the stuck tenant: its host's few slots and a small queue, not hundreds.
        expect(rows[0]!.queued).toBeLessThanOrEqual(5 + 2 * 5 + 20);
      } finally {
        await within(15_000, 'draining', scheduler.stop());
      }
    }, 60_000);
  },
  { config: { checkTimeoutMs: 2_000 } },
);
