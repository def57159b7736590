import type { Action, Connection, HealthCheck, Integration } from '@waygate/health-core';
import { DATABASES } from '@waygate/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHealthClient,
  HealthApiError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from '../../src/index';
import { type Contract, CRON_SECRET, MANUAL_CHECK_LIMIT, startContract } from './harness';

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

const TOKEN = 'xoxb-contract-upstream-token';

describe.each(DATABASES)('the SDK against the reference server on %s', (database) => {
  let ctx: Contract;
  let slack: Integration;
  let down: Integration;
  let me: Action;
  let broken: Action;
  let production: Connection;
  let failing: Connection;
  const checks: HealthCheck[] = [];

  beforeAll(async () => {
    ctx = await startContract(database);
  });

  afterAll(async () => {
    await ctx?.close();
  });

  describe('integrations and actions', () => {
    it('creates, reads and updates an integration, merging healthCheckConfig', async () => {
      slack = await ctx.client.integrations.create({
        name: 'Slack',
        baseUrl: ctx.upstream.origin,
        authType: 'bearer',
        healthCheckConfig: { intervalMinutes: 5 },
      });
      expect(slack).toMatchObject({
        id: expect.stringMatching(/^int_/),
        name: 'Slack',
        status: 'active',
        healthCheckConfig: { enabled: true, intervalMinutes: 5 },
      });
      expect(await ctx.client.integrations.get(slack.id)).toEqual(slack);

      const updated = await ctx.client.integrations.update(slack.id, {
        healthCheckConfig: { enabled: false },
      });
      expect(updated.healthCheckConfig).toMatchObject({ enabled: false, intervalMinutes: 5 });
      await ctx.client.integrations.update(slack.id, { healthCheckConfig: { enabled: true } });
    });

    it('creates and lists actions, and accepts one of them as the test action', async () => {
      me = await ctx.client.actions.create(slack.id, {
        name: 'Get current user',
        method: 'GET',
        path: '/me',
        tags: ['health-check'],
      });
      expect(me).toMatchObject({ id: expect.stringMatching(/^act_/), integrationId: slack.id });
      await ctx.client.actions.create(slack.id, {
        name: 'Channels',
        method: 'GET',
        path: '/channels',
      });

      const page = await ctx.client.actions.list(slack.id);
      expect(page.data.map((action) => action.name).sort()).toEqual([
        'Channels',
        'Get current user',
      ]);
      expect(await collect(ctx.client.actions.iterate(slack.id, { limit: 1 }))).toHaveLength(2);

      const configured = await ctx.client.integrations.update(slack.id, {
        healthCheckConfig: { testActionId: me.id },
      });
      expect(configured.healthCheckConfig.testActionId).toBe(me.id);
    });

    it('rejects a test action of another integration, naming the field', async () => {
      down = await ctx.client.integrations.create({
        name: 'Down API',
        baseUrl: ctx.upstream.origin,
        authType: 'none',
      });
      broken = await ctx.client.actions.create(down.id, {
        name: 'Broken',
        method: 'GET',
        path: '/broken',
        tags: ['health-check'],
      });
      const error = await ctx.client.integrations
        .update(slack.id, { healthCheckConfig: { testActionId: broken.id } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('healthCheckConfig.testActionId');
    });

    it('pages through integrations (3+ pages) and iterates all of them', async () => {
      for (let n = 1; n <= 5; n++) {
        await ctx.client.integrations.create({
          name: `Extra ${n}`,
          baseUrl: 'https://api.example.com',
          authType: 'none',
          status: 'draft',
        });
      }
      const pages: Integration[][] = [];
      let cursor: string | undefined;
      do {
        const page = await ctx.client.integrations.list({ limit: 3, cursor });
        pages.push(page.data);
        cursor = page.pagination.hasMore ? (page.pagination.cursor ?? undefined) : undefined;
      } while (cursor);
      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      const ids = pages.flat().map((integration) => integration.id);
      expect(new Set(ids).size).toBe(7);
      const iterated = await collect(ctx.client.integrations.iterate({ limit: 3 }));
      expect(iterated.map((integration) => integration.id)).toEqual(ids);
    });

    it('deletes an integration', async () => {
      const doomed = await ctx.client.integrations.create({
        name: 'Doomed',
        baseUrl: 'https://api.example.com',
        authType: 'none',
      });
      await ctx.client.integrations.delete(doomed.id);
      await expect(ctx.client.integrations.get(doomed.id)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('connections', () => {
    it('creates connections without ever returning their credentials', async () => {
      production = await ctx.client.connections.create({
        integrationId: slack.id,
        name: 'Production Slack',
        credentials: { type: 'bearer', token: TOKEN },
      });
      expect(production).toMatchObject({
        id: expect.stringMatching(/^conn_/),
        integrationId: slack.id,
        integrationName: 'Slack',
        status: 'active',
        credentialType: 'bearer',
        credentialStatus: 'active',
      });
      expect(JSON.stringify(production)).not.toContain(TOKEN);
      failing = await ctx.client.connections.create({ integrationId: down.id, name: 'Down prod' });
    });

    it('gets the detail with its health summary, before any check', async () => {
      const detail = await ctx.client.connections.get(production.id);
      expect(detail).toMatchObject({ id: production.id, lastHealthCheck: null });
      expect(detail.healthSummary.testAction).toMatchObject({ id: me.id });
      expect(JSON.stringify(detail)).not.toContain(TOKEN);
    });

    it('lists connections with filters and iterates them', async () => {
      const bySlack = await ctx.client.connections.list({ integrationId: slack.id });
      expect(bySlack.data.map((connection) => connection.id)).toEqual([production.id]);
      const all = await collect(ctx.client.connections.iterate({ limit: 1 }));
      expect(all.map((connection) => connection.id).sort()).toEqual(
        [production.id, failing.id].sort(),
      );
    });

    it('updates and deletes a connection', async () => {
      const renamed = await ctx.client.connections.update(production.id, { name: 'Prod Slack' });
      expect(renamed.name).toBe('Prod Slack');
      const temp = await ctx.client.connections.create({ integrationId: slack.id, name: 'Temp' });
      await ctx.client.connections.delete(temp.id);
      await expect(ctx.client.connections.get(temp.id)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('health checks', () => {
    it('has no latest check before the first one', async () => {
      await expect(ctx.client.healthChecks.latest(production.id)).resolves.toBeNull();
    });

    it('triggers a manual check that calls the upstream once with the credentials', async () => {
      const before = ctx.upstream.requests.length;
      const check = await ctx.client.healthChecks.trigger(production.id);
      checks.push(check);
      expect(check).toMatchObject({
        id: expect.stringMatching(/^hc_/),
        connectionId: production.id,
        status: 'healthy',
        checkType: 'manual',
        credentialStatus: 'active',
        testActionId: me.id,
        testActionSuccess: true,
        testActionStatusCode: 200,
        circuitBreakerStatus: 'closed',
      });
      expect(ctx.upstream.requests.slice(before)).toEqual(['GET /me']);
      await expect(ctx.client.healthChecks.latest(production.id)).resolves.toEqual(check);
    });

    it('records a failing upstream as unhealthy', async () => {
      const check = await ctx.client.healthChecks.trigger(failing.id);
      expect(check).toMatchObject({ status: 'unhealthy', testActionSuccess: false });
      expect(check.testActionError?.code).toBe('HTTP_5XX');
    });

    it('answers 429 with retryAfterMs once the manual-check limit is used up', async () => {
      while (checks.length < MANUAL_CHECK_LIMIT) {
        checks.push(await ctx.client.healthChecks.trigger(production.id));
      }
      const error = await ctx.client.healthChecks.trigger(production.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    });

    it('pages through the history (3 pages), newest first, and iterates the same items', async () => {
      const newestFirst = [...checks].reverse().map((check) => check.id);
      const first = await ctx.client.healthChecks.list(production.id, { limit: 2 });
      const second = await ctx.client.healthChecks.list(production.id, {
        limit: 2,
        cursor: first.pagination.cursor ?? undefined,
      });
      const third = await ctx.client.healthChecks.list(production.id, {
        limit: 2,
        cursor: second.pagination.cursor ?? undefined,
      });
      expect([first, second, third].map((page) => page.pagination.hasMore)).toEqual([
        true,
        true,
        false,
      ]);
      expect([...first.data, ...second.data, ...third.data].map((check) => check.id)).toEqual(
        newestFirst,
      );
      const iterated = await collect(ctx.client.healthChecks.iterate(production.id, { limit: 2 }));
      expect(iterated.map((check) => check.id)).toEqual(newestFirst);
    });

    it('filters the history by status, type and time range', async () => {
      const list = (query: Parameters<typeof ctx.client.healthChecks.list>[1]) =>
        ctx.client.healthChecks.list(production.id, { limit: 100, ...query });
      expect((await list({ status: 'healthy' })).data).toHaveLength(MANUAL_CHECK_LIMIT);
      expect((await list({ status: 'unhealthy' })).data).toHaveLength(0);
      expect((await list({ checkType: 'scheduled' })).data).toHaveLength(0);
      expect((await list({ checkType: 'manual' })).data).toHaveLength(MANUAL_CHECK_LIMIT);
      const [oldest] = checks;
      const newest = checks[checks.length - 1];
      expect((await list({ from: newest?.createdAt })).data.map((c) => c.id)).toContain(newest?.id);
      expect((await list({ to: oldest?.createdAt })).data.map((c) => c.id)).toContain(oldest?.id);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect((await list({ from: future })).data).toHaveLength(0);
      const failed = await ctx.client.healthChecks.list(failing.id, { status: 'unhealthy' });
      expect(failed.data).toHaveLength(1);
    });

    it('shows the last check on the connection', async () => {
      const detail = await ctx.client.connections.get(production.id);
      expect(detail.lastHealthCheck?.id).toBe(checks[checks.length - 1]?.id);
      expect(detail.healthStatus).toBe('healthy');
      const unhealthy = await ctx.client.connections.list({ healthStatus: 'unhealthy' });
      expect(unhealthy.data.map((connection) => connection.id)).toEqual([failing.id]);
    });
  });

  describe('summary, uptime, latency and events', () => {
    it('summarises the tenant, unhealthy connections first', async () => {
      const summary = await ctx.client.summary();
      expect(summary).toMatchObject({
        totalConnections: 2,
        healthy: 1,
        degraded: 0,
        unhealthy: 1,
        neverChecked: 0,
      });
      expect(summary.connections.map((connection) => connection.id)).toEqual([
        failing.id,
        production.id,
      ]);
      const top = await ctx.client.summary({ limit: 1 });
      expect(top.connections.map((connection) => connection.id)).toEqual([failing.id]);
      expect(top.totalConnections).toBe(2);
    });

    it('counts a connection that was never checked as neverChecked, not healthy', async () => {
      // In the other tenant (removed again), disabled so no scheduled sweep checks it.
      const integration = await ctx.other.integrations.create({
        name: 'Unchecked API',
        baseUrl: ctx.upstream.origin,
        authType: 'none',
        healthCheckConfig: { enabled: false },
      });
      const fresh = await ctx.other.connections.create({
        integrationId: integration.id,
        name: 'Fresh',
        status: 'disabled',
      });
      try {
        const summary = await ctx.other.summary();
        expect(summary).toMatchObject({
          totalConnections: 1,
          healthy: 0,
          degraded: 0,
          unhealthy: 0,
          neverChecked: 1,
          lastCheckAt: null,
        });
        expect(summary.connections).toEqual([
          expect.objectContaining({ id: fresh.id, name: 'Fresh', lastCheckAt: null }),
        ]);
      } finally {
        await ctx.other.connections.delete(fresh.id);
        await ctx.other.integrations.delete(integration.id);
      }
    });

    it('reports uptime over a window', async () => {
      const uptime = await ctx.client.uptime(production.id, '24h');
      expect(uptime).toMatchObject({
        connectionId: production.id,
        window: '24h',
        totalChecks: MANUAL_CHECK_LIMIT,
        healthy: MANUAL_CHECK_LIMIT,
        unhealthy: 0,
        uptimePercent: 100,
      });
      const down7d = await ctx.client.uptime(failing.id, '7d');
      expect(down7d).toMatchObject({ window: '7d', totalChecks: 1, uptimePercent: 0 });
    });

    it('reports latency per bucket', async () => {
      const series = await ctx.client.latency(production.id, { bucket: 'hour', window: '24h' });
      expect(series).toMatchObject({ connectionId: production.id, bucket: 'hour', window: '24h' });
      const counted = series.points.reduce((sum, point) => sum + point.count, 0);
      expect(counted).toBe(MANUAL_CHECK_LIMIT);
    });

    it('lists status changes, filters them by connection and iterates them', async () => {
      const events = await ctx.client.events.list();
      const first = events.data.find((event) => event.connectionId === failing.id);
      expect(first).toMatchObject({ fromStatus: null, toStatus: 'unhealthy' });
      const mine = await ctx.client.events.list({ connectionId: production.id });
      expect(mine.data.every((event) => event.connectionId === production.id)).toBe(true);
      expect(mine.data.length).toBeGreaterThan(0);
      const all = await collect(ctx.client.events.iterate({ limit: 1 }));
      expect(all.map((event) => event.id)).toEqual(events.data.map((event) => event.id));
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect((await ctx.client.events.list({ since: future })).data).toEqual([]);
    });
  });

  describe('webhooks (opt-in resource)', () => {
    it('creates a webhook, returning its signing secret once', async () => {
      const hook = await ctx.webhooks.create({
        url: `${ctx.upstream.origin}/hooks`,
        description: 'Ops channel',
      });
      expect(hook).toMatchObject({
        id: expect.stringMatching(/^wh_/),
        url: `${ctx.upstream.origin}/hooks`,
        description: 'Ops channel',
        enabled: true,
        secret: expect.stringMatching(/^whsec_/),
      });
      const read = await ctx.webhooks.get(hook.id);
      expect(read).not.toHaveProperty('secret');
      expect(JSON.stringify(await ctx.webhooks.list())).not.toContain(hook.secret);

      const updated = await ctx.webhooks.update(hook.id, { enabled: false, description: null });
      expect(updated).toMatchObject({ enabled: false, description: null });
      expect((await collect(ctx.webhooks.iterate({ limit: 1 }))).map((w) => w.id)).toEqual([
        hook.id,
      ]);
    });

    it('refuses a test event while disabled (409), then queues one and lists its delivery', async () => {
      const [hook] = (await ctx.webhooks.list()).data;
      if (!hook) throw new Error('no webhook from the previous test');
      const conflict = await ctx.webhooks.test(hook.id).catch((e: unknown) => e);
      // No subclass for 409: the base class carries status and code.
      expect((conflict as Error).constructor).toBe(HealthApiError);
      expect(conflict).toMatchObject({ status: 409, code: 'CONFLICT' });

      await ctx.webhooks.update(hook.id, { enabled: true });
      const delivery = await ctx.webhooks.test(hook.id);
      expect(delivery).toMatchObject({
        id: expect.stringMatching(/^msg_/),
        webhookId: hook.id,
        eventType: 'webhook.test',
        eventId: null,
      });
      const page = await ctx.webhooks.deliveries(hook.id);
      expect(page.data.map((d) => d.id)).toContain(delivery.id);
      const all = await collect(ctx.webhooks.iterateDeliveries(hook.id, { limit: 1 }));
      expect(all.map((d) => d.id)).toContain(delivery.id);
    });

    it("refuses a private URL naming the field, hides other tenants' webhooks, deletes", async () => {
      const refused = await ctx.webhooks
        .create({ url: 'http://10.0.0.1/hook' })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).field).toBe('url');

      const [hook] = (await ctx.webhooks.list()).data;
      if (!hook) throw new Error('no webhook from the previous test');
      await expect(ctx.otherWebhooks.get(hook.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(ctx.otherWebhooks.test(hook.id)).rejects.toBeInstanceOf(NotFoundError);
      await ctx.webhooks.delete(hook.id);
      await expect(ctx.webhooks.get(hook.id)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('internal', () => {
    it('runs a sweep with the cron secret, and refuses a wrong one', async () => {
      await expect(ctx.client.internal.runSweep('wrong-secret-0123456789')).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      // A fresh connection is due at once; the real scheduler behind the route checks it.
      const api = await ctx.client.integrations.create({
        name: 'Swept API',
        baseUrl: ctx.upstream.origin,
        authType: 'none',
      });
      await ctx.client.actions.create(api.id, { name: 'Ping', method: 'GET', path: '/ok' });
      const swept = await ctx.client.connections.create({ integrationId: api.id, name: 'Swept' });
      const summary = await ctx.client.internal.runSweep(CRON_SECRET);
      expect(summary.claimed).toBeGreaterThan(0);
      expect(summary.checked).toBe(summary.claimed);
      expect(summary.healthy + summary.degraded + summary.unhealthy).toBe(summary.checked);
      expect(summary.skipped.budget_exhausted).toBe(0);
      const latest = await ctx.client.healthChecks.latest(swept.id);
      expect(latest?.checkType).toBe('scheduled');
    });
  });

  describe('errors from real responses', () => {
    it('401 for a wrong key, without the key in the error', async () => {
      const wrongKey = 'wgk_contract_wrong_key_0123456789';
      const stranger = createHealthClient({ baseUrl: ctx.baseUrl, apiKey: wrongKey, retry: 0 });
      const error = await stranger.connections.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      expect(JSON.stringify(error)).not.toContain(wrongKey);
      expect(String(error)).not.toContain(wrongKey);
    });

    it("404 for another tenant's ids, on every kind of call", async () => {
      const calls = [
        () => ctx.other.connections.get(production.id),
        () => ctx.other.connections.update(production.id, { name: 'x' }),
        () => ctx.other.healthChecks.list(production.id),
        () => ctx.other.healthChecks.latest(production.id),
        () => ctx.other.healthChecks.trigger(production.id),
        () => ctx.other.uptime(production.id),
        () => ctx.other.latency(production.id),
        () => ctx.other.integrations.get(slack.id),
        () => ctx.other.actions.list(slack.id),
      ];
      for (const call of calls) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      }
      expect((await ctx.other.connections.list()).data).toEqual([]);
      expect((await ctx.other.summary()).totalConnections).toBe(0);
    });

    it('400 with the field at fault for bad bodies, filters and cursors', async () => {
      const cases: [() => Promise<unknown>, string, string][] = [
        [
          () =>
            ctx.client.integrations.create({
              name: 'Bad',
              baseUrl: ctx.upstream.origin,
              authType: 'none',
              healthCheckConfig: { intervalMinutes: 0 },
            }),
          'VALIDATION_ERROR',
          'healthCheckConfig.intervalMinutes',
        ],
        [
          () => ctx.client.healthChecks.list(production.id, { limit: 1000 }),
          'VALIDATION_ERROR',
          'limit',
        ],
        [
          () => ctx.client.healthChecks.list(production.id, { cursor: 'not-a-cursor' }),
          'INVALID_CURSOR',
          'cursor',
        ],
      ];
      for (const [call, code, field] of cases) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ status: 400, code, field });
      }
    });
  });
});
