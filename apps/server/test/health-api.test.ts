import {
  HealthCheck,
  HealthEvent,
  HealthSummary,
  LatencySeries,
  listEnvelope,
  successEnvelope,
  Uptime,
} from '@waygate/health-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { emptySweepSummary, setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

// Health endpoints: history (filters, pagination), latest, summary, uptime, latency, events,
// OpenAPI, healthz and the cron endpoint's guard.

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => upstream.close());

let clockOffsetMs = 0;
const clock = () => new Date(Date.now() + clockOffsetMs);
const HOUR = 3_600_000;

describeEachDatabase(
  'health endpoints',
  ({ server }) => {
    async function tenantApi() {
      const { apiKey } = await server().createTenant();
      return apiClient(server, apiKey);
    }
    /** Runs a manual check `hoursAgo` hours in the past (the API clock is moved, then back). */
    async function checkAt(
      api: ReturnType<typeof apiClient>,
      connectionId: string,
      hoursAgo: number,
    ) {
      clockOffsetMs = -hoursAgo * HOUR;
      try {
        const res = await api.post(`/connections/${connectionId}/health-checks`);
        expect(res.status, res.text).toBe(201);
        return res.body.data as HealthCheck;
      } finally {
        clockOffsetMs = 0;
      }
    }

    it('history: newest first, filters, pagination, latest', async () => {
      const api = await tenantApi();
      const ok = await setupConnection(api, { baseUrl: upstream.url });
      const latestBefore = await api.get(`/connections/${ok.connectionId}/health-checks/latest`);
      expect(latestBefore.body).toEqual({ success: true, data: null });

      const first = await checkAt(api, ok.connectionId, 3);
      // Switch the test action to a failing path (integration-level override).
      const failing = await api.post(`/integrations/${ok.integrationId}/actions`, {
        name: 'fail',
        method: 'GET',
        path: '/fail',
      });
      await api.patch(`/connections/${ok.connectionId}`, {
        healthCheckTestActionId: failing.body.data.id,
      });
      const second = await checkAt(api, ok.connectionId, 2);
      await api.patch(`/connections/${ok.connectionId}`, { healthCheckTestActionId: null });
      // 30 minutes after the failure: inside the recent-failure window → degraded.
      const third = await checkAt(api, ok.connectionId, 1.5);
      expect([first.status, second.status, third.status]).toEqual([
        'healthy',
        'unhealthy',
        'degraded',
      ]);

      const all = listEnvelope(HealthCheck).parse(
        (await api.get(`/connections/${ok.connectionId}/health-checks`)).body,
      );
      expect(all.data.map((c) => c.id)).toEqual([third.id, second.id, first.id]);
      expect(all.data[1]).toEqual(second);

      const page1 = await api.get(`/connections/${ok.connectionId}/health-checks?limit=2`);
      expect(page1.body.pagination.hasMore).toBe(true);
      const page2 = await api.get(
        `/connections/${ok.connectionId}/health-checks?limit=2&cursor=${page1.body.pagination.cursor}`,
      );
      expect(page2.body.data.map((c: HealthCheck) => c.id)).toEqual([first.id]);
      expect(page2.body.pagination).toEqual({ hasMore: false, cursor: null });

      const unhealthy = await api.get(
        `/connections/${ok.connectionId}/health-checks?status=unhealthy`,
      );
      expect(unhealthy.body.data.map((c: HealthCheck) => c.id)).toEqual([second.id]);
      const manual = await api.get(
        `/connections/${ok.connectionId}/health-checks?checkType=scheduled`,
      );
      expect(manual.body.data).toEqual([]);
      const from = new Date(Date.now() - 2.5 * HOUR).toISOString();
      const to = new Date(Date.now() - 1.75 * HOUR).toISOString();
      const ranged = await api.get(
        `/connections/${ok.connectionId}/health-checks?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      expect(ranged.body.data.map((c: HealthCheck) => c.id)).toEqual([second.id]);

      const latest = await api.get(`/connections/${ok.connectionId}/health-checks/latest`);
      expect(successEnvelope(HealthCheck).parse(latest.body).data).toEqual(third);

      // Uptime: 2 of 3 checks not unhealthy.
      const uptime = successEnvelope(Uptime).parse(
        (await api.get(`/connections/${ok.connectionId}/uptime?window=24h`)).body,
      ).data;
      expect(uptime).toMatchObject({
        window: '24h',
        totalChecks: 3,
        healthy: 1,
        degraded: 1,
        unhealthy: 1,
      });
      expect(uptime.uptimePercent).toBeCloseTo(66.67, 2);

      // Latency: one point per hour in the window; the three checks fall into them.
      const latency = successEnvelope(LatencySeries).parse(
        (await api.get(`/connections/${ok.connectionId}/latency?bucket=hour&window=24h`)).body,
      ).data;
      expect(latency.points.length).toBeGreaterThanOrEqual(24);
      expect(latency.points.reduce((n, p) => n + p.count, 0)).toBe(3);
      expect(latency.points.every((p) => (p.count === 0) === (p.p50 === null))).toBe(true);
      const withData = latency.points.find((p) => p.count > 0)!;
      expect(withData.p50).toBe(withData.min);
      const daily = await api.get(`/connections/${ok.connectionId}/latency?bucket=day&window=7d`);
      expect(
        daily.body.data.points.reduce((n: number, p: { count: number }) => n + p.count, 0),
      ).toBe(3);

      // Events: first check (from null), then each change.
      const events = listEnvelope(HealthEvent).parse((await api.get('/health-events')).body).data;
      expect(events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
        ['unhealthy', 'degraded'],
        ['healthy', 'unhealthy'],
        [null, 'healthy'],
      ]);
      expect(events[1]).toMatchObject({
        connectionName: 'Production',
        reasons: ['test_action_failed', 'recent_failures'],
      });
      const byConnection = await api.get(`/health-events?connectionId=${ok.connectionId}&limit=1`);
      expect(byConnection.body.data).toHaveLength(1);
      expect(byConnection.body.pagination.hasMore).toBe(true);
    });

    it('summary: counts, unhealthy first, error sentence, uptime over 24 h', async () => {
      const api = await tenantApi();
      const good = await setupConnection(api, { baseUrl: upstream.url, name: 'Good' });
      const bad = await setupConnection(api, {
        baseUrl: upstream.url,
        name: 'Expired',
        authType: 'oauth2',
        credentials: { type: 'oauth2', accessToken: 'x', expiresAt: '2020-01-01T00:00:00Z' },
      });
      const never = await setupConnection(api, { baseUrl: upstream.url, name: 'Never checked' });
      await checkAt(api, good.connectionId, 0);
      await checkAt(api, bad.connectionId, 0);
      const summary = successEnvelope(HealthSummary).parse(
        (await api.get('/health-checks/summary')).body,
      ).data;
      expect(summary).toMatchObject({
        totalConnections: 3,
        healthy: 1,
        degraded: 0,
        unhealthy: 1,
        neverChecked: 1,
        uptimeLast24h: 50,
      });
      expect(summary.connections[0]).toMatchObject({
        id: bad.connectionId,
        name: 'Expired',
        integrationName: 'Upstream',
        healthStatus: 'unhealthy',
        error: 'Credentials expired',
      });
      expect(summary.connections.find((c) => c.id === never.connectionId)?.lastCheckAt).toBeNull();
      expect(summary.connections.find((c) => c.id === good.connectionId)?.error).toBeUndefined();
      const limited = await api.get('/health-checks/summary?limit=1');
      expect(limited.body.data.connections).toHaveLength(1);
      expect(limited.body.data.totalConnections).toBe(3);
    });

    it('summary: never-checked connections count as neverChecked, not healthy', async () => {
      const api = await tenantApi();
      const good = await setupConnection(api, { baseUrl: upstream.url, name: 'Good' });
      const failing = await setupConnection(api, {
        baseUrl: upstream.url,
        name: 'Failing',
        path: '/fail',
      });
      const fresh = await setupConnection(api, { baseUrl: upstream.url, name: 'Fresh' });
      // Its credentials expired, but it was never checked: no status is claimed for it yet.
      const expired = await setupConnection(api, {
        baseUrl: upstream.url,
        name: 'Expired, unchecked',
        authType: 'oauth2',
        credentials: { type: 'oauth2', accessToken: 'x', expiresAt: '2020-01-01T00:00:00Z' },
      });
      const summaryNow = async () =>
        successEnvelope(HealthSummary).parse((await api.get('/health-checks/summary')).body).data;

      const unchecked = await summaryNow();
      expect(unchecked).toMatchObject({
        totalConnections: 4,
        healthy: 0,
        degraded: 0,
        unhealthy: 0,
        neverChecked: 4,
        lastCheckAt: null,
        uptimeLast24h: null,
      });

      const goodCheck = await checkAt(api, good.connectionId, 0);
      await checkAt(api, failing.connectionId, 0);
      const summary = await summaryNow();
      expect(summary).toMatchObject({
        totalConnections: 4,
        healthy: 1,
        degraded: 0,
        unhealthy: 1,
        neverChecked: 2,
      });
      expect(summary.healthy + summary.degraded + summary.unhealthy + summary.neverChecked).toBe(
        summary.totalConnections,
      );
      expect(summary.lastCheckAt).not.toBeNull();
      expect(new Date(summary.lastCheckAt!).getTime()).toBeGreaterThanOrEqual(
        new Date(goodCheck.createdAt).getTime(),
      );
      // Checked connections first (worst first); the never-checked ones last, without a check
      // time or an error sentence.
      const names = summary.connections.map((c) => c.name);
      expect(names.slice(0, 2)).toEqual(['Failing', 'Good']);
      expect(names.slice(2).sort()).toEqual(['Expired, unchecked', 'Fresh']);
      for (const id of [fresh.connectionId, expired.connectionId]) {
        const entry = summary.connections.find((c) => c.id === id);
        expect(entry?.lastCheckAt).toBeNull();
        expect(entry).not.toHaveProperty('error');
      }
      expect(summary.connections.find((c) => c.id === good.connectionId)?.lastCheckAt).toBe(
        goodCheck.createdAt,
      );

      // Its first check moves a connection out of neverChecked into its status.
      await checkAt(api, expired.connectionId, 0);
      expect(await summaryNow()).toMatchObject({
        totalConnections: 4,
        healthy: 1,
        degraded: 0,
        unhealthy: 2,
        neverChecked: 1,
      });
    });

    it('an empty tenant has an empty summary', async () => {
      const api = await tenantApi();
      const summary = await api.get('/health-checks/summary');
      expect(summary.body.data).toEqual({
        totalConnections: 0,
        healthy: 0,
        degraded: 0,
        unhealthy: 0,
        neverChecked: 0,
        inMaintenance: 0,
        lastCheckAt: null,
        uptimeLast24h: null,
        connections: [],
      });
    });

    it('serves OpenAPI 3.1 and /healthz without a key', async () => {
      const doc = await server().app.request('/api/v1/openapi.json');
      expect(doc.status).toBe(200);
      const body = (await doc.json()) as {
        openapi: string;
        paths: Record<string, Record<string, unknown>>;
      };
      expect(body.openapi).toBe('3.1.0');
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/connections/{id}/health-checks',
          '/api/v1/connections/{id}/health-checks/latest',
          '/api/v1/health-checks/summary',
          '/api/v1/internal/health-checks',
          '/api/v1/integrations/{id}',
        ]),
      );
      expect(body.paths['/api/v1/connections/{id}/health-checks']).toHaveProperty('post');
      // The summary documents its never-checked count, generated from core's schema.
      expect(body.paths['/api/v1/health-checks/summary']).toMatchObject({
        get: {
          responses: {
            200: {
              content: {
                'application/json': {
                  schema: {
                    properties: {
                      data: {
                        properties: { neverChecked: { type: 'integer', minimum: 0 } },
                        required: expect.arrayContaining(['neverChecked']),
                      },
                    },
                  },
                },
              },
            },
          },
        },
      });
      const health = await server().app.request('/healthz');
      expect(await health.json()).toEqual({ status: 'ok', database: server().db.kind });
    });

    it('requires an API key (401) on every tenant endpoint', async () => {
      const anonymous = apiClient(server);
      for (const path of [
        '/connections',
        '/integrations',
        '/health-checks/summary',
        '/health-events',
      ]) {
        const res = await anonymous.get(path);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
      }
      const wrong = apiClient(server, 'wgh_not-a-real-key');
      expect((await wrong.get('/connections')).status).toBe(401);
    });

    it('cron endpoint: disabled without a ≥16-char secret, 401 on a wrong bearer, runs the sweep', async () => {
      const base = server().deps;
      const request = (app: ReturnType<typeof createApp>, auth?: string) =>
        app.request('/api/v1/internal/health-checks', {
          method: 'POST',
          headers: auth ? { authorization: auth } : {},
        });
      const unset = await request(
        createApp({ ...base, config: { ...base.config, cronSecret: undefined } }),
        'Bearer x',
      );
      expect(unset.status).toBe(503);
      expect(((await unset.json()) as { error: { code: string } }).error.code).toBe(
        'ENDPOINT_DISABLED',
      );
      const short = createApp({ ...base, config: { ...base.config, cronSecret: 'short-secret' } });
      expect((await request(short, 'Bearer short-secret')).status).toBe(503);

      const secret = 'a-long-enough-cron-secret';
      let sweeps = 0;
      const enabled = createApp({
        ...base,
        config: { ...base.config, cronSecret: secret },
        runSweep: async () => {
          sweeps++;
          return emptySweepSummary();
        },
      });
      expect((await request(enabled)).status).toBe(401);
      expect((await request(enabled, `Bearer ${secret}x`)).status).toBe(401);
      expect((await request(enabled, 'Basic abc')).status).toBe(401);
      expect(sweeps).toBe(0);
      const ok = await request(enabled, `Bearer ${secret}`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ success: true, data: emptySweepSummary() });
      expect(sweeps).toBe(1);

      const noScheduler = createApp({ ...base, config: { ...base.config, cronSecret: secret } });
      const disabled = await request(noScheduler, `Bearer ${secret}`);
      expect(disabled.status).toBe(503);
    });
  },
  { now: clock, config: { manualCheckLimit: 100 } },
);
