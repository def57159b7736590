import type { SweepSummary } from '@waygate/health-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { DEFAULT_RETENTION } from '../src/scheduler/retention';
import { createScheduler, type Scheduler } from '../src/scheduler/scheduler';
import { loadSchedulerConfig } from '../src/scheduler/scheduler-config';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

const CRON_SECRET = 'cron-secret-0123456789abcdef';
let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});

describeEachDatabase(
  'cron endpoint',
  ({ server }) => {
    let scheduler: Scheduler;
    beforeAll(() => {
      const s = server();
      scheduler = createScheduler(
        {
          db: s.db,
          cipher: s.deps.cipher,
          prober: s.deps.prober,
          logger: createLogger({ level: 'silent' }),
          now: () => new Date(),
        },
        loadSchedulerConfig({}, 2_000),
        DEFAULT_RETENTION,
      );
      holder.run = () => scheduler.sweepOnce({ budgetMs: 20_000 });
    });

    const cron = (authorization?: string) =>
      server().app.request('/api/v1/internal/health-checks', {
        method: 'POST',
        headers: authorization ? { authorization } : {},
      });

    it.each([
      ['no Authorization header', undefined],
      ['a wrong secret', `Bearer ${CRON_SECRET}x`],
      ['a tenant-style key', 'Bearer wgh_not_the_cron_secret'],
      ['a Basic scheme', `Basic ${CRON_SECRET}`],
    ])('refuses %s with 401 and runs nothing', async (_label, authorization) => {
      const response = await cron(authorization);
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      expect(JSON.stringify(body)).not.toContain(CRON_SECRET);
    });

    it('runs one sweep and returns its summary', async () => {
      const tenant = await server().createTenant();
      const api = apiClient(server, tenant.apiKey);
      const { connectionId } = await setupConnection(api, { baseUrl: upstream.url });
      upstream.reset();
      const response = await cron(`Bearer ${CRON_SECRET}`);
      expect(response.status).toBe(200);
      const { data } = await response.json();
      expect(data.checked).toBeGreaterThanOrEqual(1);
      expect(data.outboundCalls).toBe(upstream.count());
      expect(data.healthy).toBeGreaterThanOrEqual(1);
      const history = await api.get(`/connections/${connectionId}/health-checks`);
      expect(history.body.data).toHaveLength(1);
      expect(history.body.data[0].checkType).toBe('scheduled');
    });
  },
  () => ({ config: { cronSecret: CRON_SECRET }, runSweep: () => holder.run() }),
);

const holder: { run: () => Promise<SweepSummary> } = {
  run: () => Promise.reject(new Error('scheduler not ready')),
};

describeEachDatabase(
  'cron endpoint without a usable secret',
  ({ server }) => {
    it('stays disabled (503 ENDPOINT_DISABLED) while CRON_SECRET is shorter than 16 characters', async () => {
      const response = await server().app.request('/api/v1/internal/health-checks', {
        method: 'POST',
        headers: { authorization: 'Bearer short' },
      });
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe('ENDPOINT_DISABLED');
    });
  },
  { config: { cronSecret: 'short' } },
);
