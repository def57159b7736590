import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { ConfigError, loadConfig } from '../src/config';
import { fromPublicId } from '../src/ids';
import { createChannelSenders } from '../src/notifications/channel-sender';
import { loadNotificationConfig } from '../src/notifications/notification-config';
import { runNotificationPass } from '../src/notifications/notification-delivery';
import { parseAllowList } from '../src/outbound/allow-list';
import { startMetricsServer } from '../src/prometheus/metrics-server';
import { deliverDueWebhooks } from '../src/webhooks/delivery-worker';
import { startReceiver } from '../src/webhooks/test-support/receiver';
import { createWebhookSender } from '../src/webhooks/webhook-sender';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import {
  histogramCount,
  histogramStats,
  parseExposition,
  sampleValue,
} from './support/prometheus-text';
import { startUpstream, type Upstream } from './support/upstream';

const TOKEN = 'metrics-token-0123456789abcdef';
const CRON_SECRET = 'cron-secret-0123456789abcdef';

/** Every label name a waygate_ metric may carry: none of them names a tenant or connection. */
const ALLOWED_LABELS = new Set(['status', 'check_type', 'kind', 'outcome', 'state', 'le']);

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});

describeEachDatabase(
  '/metrics',
  ({ server }) => {
    const scrape = async (authorization = `Bearer ${TOKEN}`) => {
      const response = await server().app.request('/metrics', { headers: { authorization } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return parseExposition(await response.text());
    };
    const cron = () =>
      server().app.request('/api/v1/internal/health-checks', {
        method: 'POST',
        headers: { authorization: `Bearer ${CRON_SECRET}` },
      });

    it('is off (404, like any unknown path) when no token is configured', async () => {
      const s = server();
      const app = createApp({ ...s.deps, config: { ...s.deps.config, metricsToken: undefined } });
      const response = await app.request('/metrics', {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('waygate_');
    });

    it.each([
      ['no Authorization header', undefined],
      ['a wrong token', `Bearer ${TOKEN}x`],
      ['a Basic scheme', `Basic ${TOKEN}`],
      ['the cron secret', `Bearer ${CRON_SECRET}`],
    ])('refuses %s with 401 and shows no metric', async (_label, authorization) => {
      const response = await server().app.request('/metrics', {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      expect(text).not.toContain('waygate_');
      expect(text).not.toContain(TOKEN);
    });

    it('exposes every named metric with its type, process metrics included', async () => {
      const families = await scrape();
      const expected: Record<string, string> = {
        waygate_checks_total: 'COUNTER',
        waygate_check_latency_seconds: 'HISTOGRAM',
        waygate_scheduler_lag_seconds: 'HISTOGRAM',
        waygate_claim_queue_depth: 'GAUGE',
        waygate_checks_in_flight: 'GAUGE',
        waygate_host_pauses_total: 'COUNTER',
        waygate_deliveries_total: 'COUNTER',
        waygate_db_errors_total: 'COUNTER',
        waygate_db_pool_connections: 'GAUGE',
        process_cpu_seconds_total: 'COUNTER',
        process_resident_memory_bytes: 'GAUGE',
        nodejs_eventloop_lag_seconds: 'GAUGE',
      };
      for (const [name, type] of Object.entries(expected)) {
        expect(families.get(name)?.type, name).toBe(type);
      }
    });

    it('has every metric the Grafana dashboard in docs/ queries', async () => {
      const families = await scrape();
      const dashboard = readFileSync(
        fileURLToPath(new URL('../../../docs/grafana-dashboard.json', import.meta.url)),
        'utf8',
      );
      const queried = new Set(
        [...dashboard.matchAll(/\b(?:waygate|process|nodejs)_[a-z0-9_]+/g)].map((m) =>
          m[0].replace(/_bucket$/, ''),
        ),
      );
      expect(queried.size).toBeGreaterThanOrEqual(10);
      for (const name of queried) expect(families.has(name), name).toBe(true);
    });

    it('counts a sweep: checks by status and type, latency, lag, 429 pauses; labels stay bounded', async () => {
      const tenant = await server().createTenant();
      const api = apiClient(server, tenant.apiKey);
      const ok = await setupConnection(api, { baseUrl: upstream.url, path: '/ok', name: 'ok' });
      await setupConnection(api, { baseUrl: upstream.url, path: '/fail', name: 'fail' });
      await setupConnection(api, { baseUrl: upstream.url, path: '/limited', name: 'limited' });
      const before = await scrape();
      const response = await cron();
      expect(response.status, await response.clone().text()).toBe(200);
      const { data } = await response.json();
      expect(data.checked).toBeGreaterThanOrEqual(3);
      const after = await scrape();

      const delta = (name: string, labels: Record<string, string> = {}) =>
        sampleValue(after, name, labels) - sampleValue(before, name, labels);
      const scheduled = (status: string) =>
        delta('waygate_checks_total', { status, check_type: 'scheduled' });
      // Other suites' tenants on this database may be due too: at least ours were counted.
      expect(scheduled('healthy')).toBeGreaterThanOrEqual(1);
      expect(scheduled('unhealthy')).toBeGreaterThanOrEqual(2);
      expect(scheduled('healthy') + scheduled('degraded') + scheduled('unhealthy')).toBe(
        data.checked,
      );
      expect(
        histogramCount(after, 'waygate_check_latency_seconds') -
          histogramCount(before, 'waygate_check_latency_seconds'),
      ).toBe(data.checked);
      expect(delta('waygate_host_pauses_total')).toBeGreaterThanOrEqual(1);
      // The pass has ended: nothing of it is queued or running any more.
      expect(sampleValue(after, 'waygate_claim_queue_depth')).toBe(0);
      expect(sampleValue(after, 'waygate_checks_in_flight')).toBe(0);

      // A check with a slot (not a first check) records how late it started: make ours 3 s late.
      await server().db.query(
        `UPDATE connections SET next_check_at = now() - interval '3 seconds' WHERE tenant_id = $1`,
        [fromPublicId('tenant', tenant.tenantId)],
      );
      const lagBefore = histogramStats(after, 'waygate_scheduler_lag_seconds');
      const second = await (await cron()).json();
      expect(second.data.checked).toBeGreaterThanOrEqual(3);
      const lagAfter = histogramStats(await scrape(), 'waygate_scheduler_lag_seconds');
      expect(lagAfter.count - lagBefore.count).toBe(second.data.checked);
      expect(lagAfter.sum - lagBefore.sum).toBeGreaterThanOrEqual(3 * 2.9);

      // Manual checks count under their own type.
      const manual = await api.post(`/connections/${ok.connectionId}/health-checks`);
      expect(manual.status, manual.text).toBe(201);
      const third = await scrape();
      expect(
        sampleValue(third, 'waygate_checks_total', { status: 'healthy', check_type: 'manual' }) -
          sampleValue(after, 'waygate_checks_total', { status: 'healthy', check_type: 'manual' }),
      ).toBe(1);

      // Bounded cardinality: no label but the fixed ones, no id anywhere in the text.
      const text = await (
        await server().app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
      ).text();
      expect(text).not.toContain(ok.connectionId.replace(/^conn_/, ''));
      expect(text).not.toContain(ok.connectionId);
      expect(text).not.toContain('127.0.0.1');
      for (const [name, family] of third) {
        if (!name.startsWith('waygate_')) continue;
        for (const sample of family.metrics) {
          for (const label of Object.keys(sample.labels ?? {})) {
            expect(ALLOWED_LABELS.has(label), `${name}{${label}}`).toBe(true);
          }
        }
      }
    });

    it('counts webhook deliveries by outcome', async () => {
      const receiver = await startReceiver(200);
      const sender = createWebhookSender({
        allowList: parseAllowList('127.0.0.1'),
        timeoutMs: 5_000,
      });
      try {
        const tenant = await server().createTenant();
        const api = apiClient(server, tenant.apiKey);
        const created = await api.post('/webhooks', { url: receiver.url });
        expect(created.status, created.text).toBe(201);
        const { connectionId } = await setupConnection(api, {
          baseUrl: upstream.url,
          path: '/fail',
        });
        // A manual check that fails changes the status: one event, one delivery.
        expect((await api.post(`/connections/${connectionId}/health-checks`)).status).toBe(201);
        const before = await scrape();
        const s = server();
        const summary = await deliverDueWebhooks(
          { db: s.db, cipher: s.deps.cipher, logger: s.deps.logger, sender },
          { owner: 'metrics-test', limit: 100 },
        );
        expect(summary.succeeded).toBeGreaterThanOrEqual(1);
        const after = await scrape();
        expect(
          sampleValue(after, 'waygate_deliveries_total', {
            kind: 'webhook',
            outcome: 'delivered',
          }) -
            sampleValue(before, 'waygate_deliveries_total', {
              kind: 'webhook',
              outcome: 'delivered',
            }),
        ).toBe(summary.succeeded);
      } finally {
        await sender.close();
        await receiver.close();
      }
    });

    it('counts notification deliveries by outcome', async () => {
      const receiver = await startReceiver(200);
      const senders = createChannelSenders({
        allowList: parseAllowList('127.0.0.1'),
        outboundAllow: '127.0.0.1',
        config: loadNotificationConfig({}),
        timeoutMs: 5_000,
      });
      try {
        const tenant = await server().createTenant();
        const api = apiClient(server, tenant.apiKey);
        const channel = await api.post('/notification-channels', {
          type: 'slack',
          name: 'Ops',
          config: { webhookUrl: `${receiver.url}/services/T/B/secret` },
        });
        expect(channel.status, channel.text).toBe(201);
        const { connectionId } = await setupConnection(api, {
          baseUrl: upstream.url,
          path: '/fail',
        });
        expect((await api.post(`/connections/${connectionId}/health-checks`)).status).toBe(201);
        const before = await scrape();
        const s = server();
        const summary = await runNotificationPass(
          { db: s.db, cipher: s.deps.cipher, logger: s.deps.logger, senders },
          // Well after the grouping delay, so the group opened by the check is due.
          { owner: 'metrics-test', groupMs: 60_000, now: new Date(Date.now() + 120_000) },
        );
        expect(summary.succeeded).toBeGreaterThanOrEqual(1);
        const after = await scrape();
        const delivered = { kind: 'notification', outcome: 'delivered' };
        expect(
          sampleValue(after, 'waygate_deliveries_total', delivered) -
            sampleValue(before, 'waygate_deliveries_total', delivered),
        ).toBe(summary.succeeded);
      } finally {
        await senders.close();
        await receiver.close();
      }
    });

    it('counts failed database statements', async () => {
      const before = await scrape();
      await expect(server().db.query('SELECT no_such_column FROM tenants')).rejects.toThrow();
      const after = await scrape();
      expect(
        sampleValue(after, 'waygate_db_errors_total') -
          sampleValue(before, 'waygate_db_errors_total'),
      ).toBe(1);
    });
  },
  () => ({
    config: { metricsToken: TOKEN, cronSecret: CRON_SECRET, outboundAllow: '127.0.0.1' },
    scheduler: true,
  }),
);

describe('WAYGATE_METRICS_PORT', () => {
  it('serves /metrics on its own port without a token, and nothing else', async () => {
    const metrics = await startMetricsServer({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${metrics.port}`;
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      const families = parseExposition(await response.text());
      expect(families.get('waygate_checks_total')?.type).toBe('COUNTER');
      expect((await fetch(`${base}/api/v1/connections`)).status).toBe(404);
      expect((await fetch(`${base}/livez`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await metrics.close();
    }
  });

  it('reads and validates the variables', () => {
    const config = loadConfig({ WAYGATE_METRICS_TOKEN: TOKEN, WAYGATE_METRICS_PORT: '9464' });
    expect(config.metricsToken).toBe(TOKEN);
    expect(config.metricsPort).toBe(9464);
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(() => loadConfig({ WAYGATE_METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ WAYGATE_METRICS_TOKEN: 'short' })).not.toThrow(/short/);
    expect(() => loadConfig({ WAYGATE_METRICS_PORT: '70000' })).toThrow(/WAYGATE_METRICS_PORT/);
    expect(() => loadConfig({ WAYGATE_METRICS_PORT: 'abc' })).toThrow(/WAYGATE_METRICS_PORT/);
  });
});
