import { NotificationChannel, NotificationMessage } from '@waygate/health-core';
import { afterAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/ids';
import { createChannelSenders } from '../src/notifications/channel-sender';
import { loadNotificationConfig } from '../src/notifications/notification-config';
import { runNotificationPass } from '../src/notifications/notification-delivery';
import { startNotificationWorker } from '../src/notifications/notification-worker';
import { startSmtpReceiver } from '../src/notifications/test-support/smtp-receiver';
import { parseAllowList } from '../src/outbound/allow-list';
import { startReceiver } from '../src/webhooks/test-support/receiver';
import { captureLogs, fakeResolver, tenantApi } from '../src/webhooks/test-support/webhook-harness';
import type { ApiClient } from './support/api';
import { cloneConnection } from './support/bulk-connections';
import { describeEachDatabase } from './support/databases';
import { startUpstream } from './support/upstream';

// Real receivers on loopback: one HTTP receiver per vendor (they record every body), a real
// SMTP server, the upstream the checks call. Started before the servers read the environment.
const upstream = await startUpstream();
const smtp = await startSmtpReceiver();
const pagerDuty = await startReceiver(202);
process.env.WAYGATE_SMTP_URL = smtp.url;
process.env.WAYGATE_SMTP_FROM = 'Waygate Alerts <alerts@waygate.test>';
process.env.WAYGATE_PAGERDUTY_URL = `http://127.0.0.1:${pagerDuty.port}/v2/enqueue`;
const GROUP_MS = 60_000;
const logs = captureLogs();
const resolveAll = fakeResolver({
  'hooks.slack.test': ['93.184.216.34'],
  'internal.example.test': ['10.0.0.5'],
});
afterAll(async () => {
  await Promise.all([upstream.close(), smtp.close(), pagerDuty.close()]);
});

const SLACK_SECRET_PATH = '/services/T000/B000/XXXXsecretXXXXtoken';
const ROUTING_KEY = 'R0UT1NGKEYabcdefghijklmnopqrstuv';

describeEachDatabase(
  'notification channels',
  ({ server }) => {
    const config = loadNotificationConfig();
    const senders = createChannelSenders({
      allowList: parseAllowList('127.0.0.1'),
      outboundAllow: '127.0.0.1',
      config,
      timeoutMs: 5_000,
    });
    afterAll(() => senders.close());
    const deps = (retryDelaysMs?: number[]) => ({
      db: server().db,
      cipher: server().deps.cipher,
      logger: server().deps.logger,
      senders,
      retryDelaysMs,
    });
    /** A pass as the worker runs it, `afterMs` after now (so groups opened now are due). */
    const pass = (afterMs = GROUP_MS, retryDelaysMs?: number[]) =>
      runNotificationPass(deps(retryDelaysMs), {
        owner: 'test',
        groupMs: GROUP_MS,
        now: new Date(Date.now() + afterMs),
      });

    /** A connection whose test action switches between /ok and /fail. */
    async function switchable(api: ApiClient, name = 'Billing API', alertAfterChecks?: number) {
      const integration = await api.post('/integrations', {
        name,
        baseUrl: upstream.url,
        authType: 'none',
        ...(alertAfterChecks ? { healthCheckConfig: { alertAfterChecks } } : {}),
      });
      expect(integration.status, integration.text).toBe(201);
      const integrationId = integration.body.data.id as string;
      const action = async (path: string) =>
        (
          await api.post(`/integrations/${integrationId}/actions`, {
            name: path,
            method: 'GET',
            path,
          })
        ).body.data.id as string;
      const ok = await action('/ok');
      const fail = await action('/fail');
      const connection = await api.post('/connections', { integrationId, name: 'Production' });
      const connectionId = connection.body.data.id as string;
      const check = async (to: 'ok' | 'fail') => {
        await api.patch(`/connections/${connectionId}`, {
          healthCheckTestActionId: to === 'ok' ? ok : fail,
        });
        const result = await api.post(`/connections/${connectionId}/health-checks`);
        expect(result.status, result.text).toBe(201);
        return result.body.data.status as string;
      };
      return { integrationId, connectionId, check };
    }

    it('creates channels of every type with secrets write-only and masked', async () => {
      const { api } = await tenantApi(server);
      const slack = await api.post('/notification-channels', {
        type: 'slack',
        name: 'Ops Slack',
        config: { webhookUrl: `https://hooks.slack.test${SLACK_SECRET_PATH}` },
      });
      expect(slack.status, slack.text).toBe(201);
      const channel = NotificationChannel.parse(slack.body.data);
      expect(channel).toMatchObject({
        type: 'slack',
        enabled: true,
        lastDelivery: null,
        config: { webhookUrlHint: 'https://hooks.slack.test/…oken' },
        filter: { statuses: ['unhealthy'], integrationIds: [], connectionIds: [] },
      });
      const pd = await api.post('/notification-channels', {
        type: 'pagerduty',
        name: 'Paging',
        config: { routingKey: ROUTING_KEY },
        filter: { statuses: ['unhealthy', 'degraded'] },
      });
      expect(pd.status, pd.text).toBe(201);
      expect(pd.body.data.config).toEqual({ routingKeyHint: '…stuv' });
      const email = await api.post('/notification-channels', {
        type: 'email',
        name: 'On-call mail',
        config: { to: ['Oncall@Example.com', 'oncall@example.com', 'lead@example.com'] },
      });
      expect(email.status, email.text).toBe(201);
      expect(email.body.data.config).toEqual({ to: ['oncall@example.com', 'lead@example.com'] });

      const list = await api.get('/notification-channels');
      const one = await api.get(`/notification-channels/${channel.id}`);
      const patched = await api.patch(`/notification-channels/${channel.id}`, {
        name: 'Renamed',
        config: { webhookUrl: `https://hooks.slack.test${SLACK_SECRET_PATH}2` },
      });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body.data).toMatchObject({
        name: 'Renamed',
        config: { webhookUrlHint: 'https://hooks.slack.test/…ken2' },
      });
      expect(list.body.data).toHaveLength(3);
      for (const response of [slack, pd, list, one, patched]) {
        expect(response.text).not.toContain('XXXXsecret');
        expect(response.text).not.toContain(ROUTING_KEY);
      }
      const { rows } = await server().db.query<{ row: string }>(
        'SELECT row_to_json(c)::text AS row FROM notification_channels c',
      );
      for (const { row } of rows) {
        expect(row).not.toContain('XXXXsecret');
        expect(row).not.toContain(ROUTING_KEY);
      }
      expect((await api.delete(`/notification-channels/${channel.id}`)).status).toBe(204);
      expect((await api.get(`/notification-channels/${channel.id}`)).status).toBe(404);
    });

    it('refuses bad input with 4xx, a stable code and the field at fault', async () => {
      const { api } = await tenantApi(server);
      const other = await tenantApi(server);
      const foreign = await switchable(other.api);
      const cases: [unknown, number, string][] = [
        [{ type: 'webhook', name: 'x', config: { webhookUrl: 'https://a.test' } }, 400, 'type'],
        [{ type: 'slack', name: 'x', config: {} }, 400, 'config.webhookUrl'],
        [
          { type: 'slack', name: 'x', config: { webhookUrl: 'ftp://a.test/x' } },
          400,
          'config.webhookUrl',
        ],
        [{ type: 'slack', name: '', config: { webhookUrl: 'https://a.test' } }, 400, 'name'],
        [{ type: 'email', name: 'x', config: { to: ['not-an-address'] } }, 400, 'config.to.0'],
        [{ type: 'email', name: 'x', config: { to: [] } }, 400, 'config.to'],
        [
          { type: 'pagerduty', name: 'x', config: { routingKey: 'short' } },
          400,
          'config.routingKey',
        ],
        [
          { type: 'discord', name: 'x', config: { webhookUrl: 'https://a.test', extra: 1 } },
          400,
          'config.extra',
        ],
        [
          { type: 'slack', name: 'x', config: { webhookUrl: 'http://10.1.2.3/x' } },
          400,
          'config.webhookUrl',
        ],
        [
          { type: 'msteams', name: 'x', config: { webhookUrl: 'https://internal.example.test/x' } },
          400,
          'config.webhookUrl',
        ],
        [
          {
            type: 'slack',
            name: 'x',
            config: { webhookUrl: 'https://hooks.slack.test/x' },
            filter: { statuses: ['broken'] },
          },
          400,
          'filter.statuses.0',
        ],
        [
          {
            type: 'slack',
            name: 'x',
            config: { webhookUrl: 'https://hooks.slack.test/x' },
            filter: { connectionIds: [foreign.connectionId] },
          },
          400,
          'filter.connectionIds.0',
        ],
      ];
      for (const [body, status, field] of cases) {
        const response = await api.post('/notification-channels', body);
        expect(response.status, `${JSON.stringify(body)} → ${response.text}`).toBe(status);
        expect(response.body.error.code).toBe('VALIDATION_ERROR');
        expect(response.body.error.details.field).toBe(field);
      }
      const created = await api.post('/notification-channels', {
        type: 'slack',
        name: 'ok',
        config: { webhookUrl: 'https://hooks.slack.test/x' },
      });
      const id = created.body.data.id;
      const wrongConfig = await api.patch(`/notification-channels/${id}`, {
        config: { routingKey: ROUTING_KEY },
      });
      expect(wrongConfig.status).toBe(400);
      expect(wrongConfig.body.error.details.field).toMatch(/^config\./);
      const typeChange = await api.patch(`/notification-channels/${id}`, { type: 'email' });
      expect(typeChange.body.error.details.field).toBe('type');
      expect((await other.api.get(`/notification-channels/${id}`)).status).toBe(404);
      expect((await other.api.post(`/notification-channels/${id}/test`)).status).toBe(404);
      expect((await api.get('/notification-channels/nch_nope')).status).toBe(404);
      const { rows } = await server().db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM notification_channels',
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
    });

    it('sends each vendor its payload through real receivers, then recovers', async () => {
      const { api } = await tenantApi(server);
      const receivers = {
        slack: await startReceiver(200),
        msteams: await startReceiver(202),
        discord: await startReceiver(204),
      };
      try {
        for (const type of ['slack', 'msteams', 'discord'] as const) {
          const created = await api.post('/notification-channels', {
            type,
            name: `${type} channel`,
            config: { webhookUrl: `${receivers[type].url}/T1/secret-token` },
          });
          expect(created.status, created.text).toBe(201);
        }
        await api.post('/notification-channels', {
          type: 'pagerduty',
          name: 'Paging',
          config: { routingKey: ROUTING_KEY },
        });
        await api.post('/notification-channels', {
          type: 'email',
          name: 'Mail',
          config: { to: ['oncall@example.com'] },
        });
        pagerDuty.received.length = 0;
        const mailsBefore = smtp.mails.length;
        const { connectionId, check } = await switchable(api, 'Billing API');
        expect(await check('ok')).toBe('healthy');
        expect(await check('fail')).toBe('unhealthy');

        // Not before the window: the group is still open.
        expect(await pass(0)).toMatchObject({ grouped: 0, claimed: 0 });
        const summary = await pass();
        expect(summary).toMatchObject({ grouped: 5, claimed: 5, succeeded: 5 });

        const slack = JSON.parse(receivers.slack.received[0]!.body);
        expect(slack.text).toBe('Connection "Production" of Billing API became unhealthy');
        expect(slack.blocks[0]).toEqual({
          type: 'header',
          text: { type: 'plain_text', text: slack.text, emoji: true },
        });
        expect(slack.blocks[1].text.type).toBe('mrkdwn');
        expect(slack.blocks[1].text.text).toContain('Production (Billing API)');
        expect(receivers.slack.received[0]!.headers['content-type']).toBe('application/json');

        const teams = JSON.parse(receivers.msteams.received[0]!.body);
        expect(teams.type).toBe('message');
        expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
        expect(teams.attachments[0].content).toMatchObject({
          type: 'AdaptiveCard',
          version: '1.4',
        });
        expect(teams.attachments[0].content.body[0].text).toBe(slack.text);

        const discord = JSON.parse(receivers.discord.received[0]!.body);
        expect(discord.embeds[0]).toMatchObject({ title: slack.text, color: 0xd92d20 });
        expect(discord.allowed_mentions).toEqual({ parse: [] });

        expect(pagerDuty.received).toHaveLength(1);
        const trigger = JSON.parse(pagerDuty.received[0]!.body);
        expect(trigger).toMatchObject({
          routing_key: ROUTING_KEY,
          event_action: 'trigger',
          dedup_key: `waygate-${connectionId}`,
          payload: {
            severity: 'critical',
            source: 'waygate-health',
            summary: 'Production (Billing API) is unhealthy',
          },
        });

        expect(smtp.mails).toHaveLength(mailsBefore + 1);
        const mail = smtp.mails.at(-1)!;
        expect(mail.to).toEqual(['oncall@example.com']);
        expect(mail.from).toBe('alerts@waygate.test');
        expect(mail.user).toBe('user');
        expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?Q\?Connection_=22Production=22/m);
        expect(mail.raw).toContain('Connection "Production" of Billing API became unhealthy');
        expect(mail.raw).toContain('Content-Type: multipart/alternative');
        expect(mail.raw).toContain('Content-Type: text/plain');
        expect(mail.raw).toContain('Content-Type: text/html');

        // Recovery: one failure in the last hour leaves the connection degraded, which is no
        // longer unhealthy — PagerDuty resolves the same dedup_key; chat says so.
        expect(await check('ok')).not.toBe('unhealthy');
        expect(await pass()).toMatchObject({ grouped: 5, succeeded: 5 });
        const resolve = JSON.parse(pagerDuty.received[1]!.body);
        expect(resolve).toEqual({
          routing_key: ROUTING_KEY,
          event_action: 'resolve',
          dedup_key: `waygate-${connectionId}`,
        });
        expect(JSON.parse(receivers.slack.received[1]!.body).text).toMatch(
          /^Connection "Production" of Billing API is now degraded$/,
        );
        const channels = (await api.get('/notification-channels')).body.data;
        for (const channel of channels) {
          expect(channel.lastDelivery).toMatchObject({ status: 'delivered' });
        }
        const all = [
          ...Object.values(receivers).flatMap((r) => r.received.map((m) => m.body)),
          logs.lines.join('\n'),
        ].join('\n');
        expect(logs.lines.join('\n')).not.toContain('secret-token');
        expect(logs.lines.join('\n')).not.toContain(ROUTING_KEY);
        expect(all).not.toContain('secret-token');
      } finally {
        await Promise.all(Object.values(receivers).map((r) => r.close()));
      }
    });

    it('groups 500 connections breaking at once into one message per channel', async () => {
      const { api, tenantId } = await tenantApi(server);
      const receiver = await startReceiver(200);
      try {
        await api.post('/notification-channels', {
          type: 'slack',
          name: 'Storm',
          config: { webhookUrl: receiver.url },
        });
        const { connectionId } = await switchable(api, 'Slack');
        const copies = await cloneConnection(server().db, connectionId, 499);
        expect(copies).toHaveLength(499);
        // 500 status changes in one statement, as one flush of the pipeline writes them.
        await server().db.query(
          `INSERT INTO health_events (id, tenant_id, connection_id, from_status, to_status,
             reasons, created_at)
           SELECT gen_random_uuid(), c.tenant_id, c.id, 'healthy', 'unhealthy',
                  '{test_action_failed}', now()
             FROM connections c WHERE c.tenant_id = $1`,
          [fromPublicId('tenant', tenantId)],
        );
        // A second burst 10 s later lands in the same window.
        expect(await pass(GROUP_MS - 10_000)).toMatchObject({ grouped: 0 });
        expect(await pass()).toMatchObject({ grouped: 1, claimed: 1, succeeded: 1 });
        expect(await pass(2 * GROUP_MS)).toMatchObject({ grouped: 0, claimed: 0 });
        expect(receiver.received).toHaveLength(1);
        const body = JSON.parse(receiver.received[0]!.body);
        expect(body.text).toBe('500 connections of Slack became unhealthy');
        expect(body.blocks[1].text.text).toContain('… and 490 more');
        const [message] = (
          await api.get(
            `/notification-channels/${(await api.get('/notification-channels')).body.data[0].id}/messages`,
          )
        ).body.data;
        expect(NotificationMessage.parse(message)).toMatchObject({
          eventCount: 500,
          status: 'succeeded',
          attemptCount: 1,
        });
      } finally {
        await receiver.close();
      }
    });

    it('the running worker groups a burst and sends it once', async () => {
      const { api, tenantId } = await tenantApi(server);
      const receiver = await startReceiver(200);
      const worker = startNotificationWorker(
        {
          db: server().db,
          cipher: server().deps.cipher,
          logger: server().deps.logger,
          allowList: parseAllowList('127.0.0.1'),
          outboundAllow: '127.0.0.1',
          config: { ...config, groupMs: 400 },
        },
        { intervalMs: 50 },
      );
      try {
        await api.post('/notification-channels', {
          type: 'slack',
          name: 'Worker',
          config: { webhookUrl: receiver.url },
        });
        const { connectionId } = await switchable(api, 'Stripe');
        await cloneConnection(server().db, connectionId, 2);
        await server().db.query(
          `INSERT INTO health_events (id, tenant_id, connection_id, from_status, to_status,
             reasons, created_at)
           SELECT gen_random_uuid(), c.tenant_id, c.id, 'healthy', 'unhealthy', '{}', now()
             FROM connections c WHERE c.tenant_id = $1`,
          [fromPublicId('tenant', tenantId)],
        );
        for (let i = 0; i < 200 && receiver.received.length === 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(receiver.received).toHaveLength(1);
        expect(JSON.parse(receiver.received[0]!.body).text).toBe(
          '3 connections of Stripe became unhealthy',
        );
      } finally {
        await worker.stop();
        await receiver.close();
      }
    });

    it('retries a failing channel with backoff, then marks it failed', async () => {
      const { api } = await tenantApi(server);
      const receiver = await startReceiver(500);
      try {
        const created = await api.post('/notification-channels', {
          type: 'discord',
          name: 'Broken',
          config: { webhookUrl: receiver.url },
        });
        const id = created.body.data.id;
        const { check } = await switchable(api);
        await check('fail');
        // Three attempts in all: the retry waits are zero here (the schedule is tested apart).
        expect(await pass(GROUP_MS, [0, 0])).toMatchObject({ claimed: 1, retrying: 1 });
        let channel = (await api.get(`/notification-channels/${id}`)).body.data;
        expect(channel.lastDelivery).toMatchObject({ status: 'failed' });
        expect(channel.lastDelivery.error).toMatch(/^HTTP_5XX: /);
        expect(await pass(GROUP_MS, [0, 0])).toMatchObject({ claimed: 1, retrying: 1 });
        expect(await pass(GROUP_MS, [0, 0])).toMatchObject({ claimed: 1, failed: 1 });
        expect(await pass(GROUP_MS, [0, 0])).toMatchObject({ claimed: 0 });
        expect(receiver.received).toHaveLength(3);
        const [message] = (await api.get(`/notification-channels/${id}/messages`)).body.data;
        expect(message).toMatchObject({ status: 'failed', attemptCount: 3, nextAttemptAt: null });
        expect(message.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([
          500, 500, 500,
        ]);
        channel = (await api.get(`/notification-channels/${id}`)).body.data;
        expect(channel.lastDelivery.status).toBe('failed');

        // With the default schedule the next attempt waits 30 s.
        receiver.respondWith(503);
        await check('ok');
        await check('fail');
        await pass();
        const [latest] = (await api.get(`/notification-channels/${id}/messages`)).body.data;
        expect(latest.status).toBe('pending');
        expect(Date.parse(latest.nextAttemptAt) - Date.parse(latest.attempts[0].at)).toBe(30_000);
      } finally {
        await receiver.close();
      }
    });

    it('checks the guard again at send time: a refused destination fails at once, unsent', async () => {
      const { api } = await tenantApi(server);
      const receiver = await startReceiver(200);
      // Accepted at creation (this server allows loopback), refused by a worker whose allow-list
      // no longer does: the operator removed the entry, or DNS now points inside.
      const strict = createChannelSenders({ allowList: parseAllowList(''), config });
      try {
        const created = await api.post('/notification-channels', {
          type: 'slack',
          name: 'Guarded',
          config: { webhookUrl: receiver.url },
        });
        const { check } = await switchable(api);
        await check('fail');
        const summary = await runNotificationPass(
          { ...deps(), senders: strict },
          { owner: 'test', groupMs: GROUP_MS, now: new Date(Date.now() + GROUP_MS) },
        );
        expect(summary).toMatchObject({ claimed: 1, failed: 1, retrying: 0 });
        expect(receiver.received).toHaveLength(0);
        const channel = (await api.get(`/notification-channels/${created.body.data.id}`)).body.data;
        expect(channel.lastDelivery.error).toMatch(/^SSRF_BLOCKED: /);
      } finally {
        await strict.close();
        await receiver.close();
      }
    });

    it('answers a test send with its outcome and records it as lastDelivery', async () => {
      const { api } = await tenantApi(server);
      const receiver = await startReceiver(200);
      try {
        const slack = await api.post('/notification-channels', {
          type: 'slack',
          name: 'Test me',
          config: { webhookUrl: receiver.url },
        });
        const ok = await api.post(`/notification-channels/${slack.body.data.id}/test`);
        expect(ok.status, ok.text).toBe(200);
        expect(ok.body.data).toMatchObject({ delivered: true, statusCode: 200, error: null });
        expect(JSON.parse(receiver.received[0]!.body).text).toContain('Test message');
        receiver.respondWith(404);
        const bad = await api.post(`/notification-channels/${slack.body.data.id}/test`);
        expect(bad.body.data).toMatchObject({ delivered: false, statusCode: 404 });
        expect(bad.body.data.error).toMatch(/^HTTP_4XX/);
        const after = (await api.get(`/notification-channels/${slack.body.data.id}`)).body.data;
        expect(after.lastDelivery).toMatchObject({ status: 'failed' });

        pagerDuty.received.length = 0;
        const pd = await api.post('/notification-channels', {
          type: 'pagerduty',
          name: 'PD',
          config: { routingKey: ROUTING_KEY },
        });
        const pdTest = await api.post(`/notification-channels/${pd.body.data.id}/test`);
        expect(pdTest.body.data).toMatchObject({ delivered: true, statusCode: 202 });
        expect(pagerDuty.received.map((m) => JSON.parse(m.body).event_action)).toEqual([
          'trigger',
          'resolve',
        ]);

        const mailsBefore = smtp.mails.length;
        const email = await api.post('/notification-channels', {
          type: 'email',
          name: 'Mail test',
          config: { to: ['team@example.com'] },
        });
        smtp.failNext(1);
        const mailFail = await api.post(`/notification-channels/${email.body.data.id}/test`);
        expect(mailFail.body.data).toMatchObject({
          delivered: false,
          error: 'SMTP_ERROR: mail relay: SMTP 451',
        });
        const mailOk = await api.post(`/notification-channels/${email.body.data.id}/test`);
        expect(mailOk.body.data.delivered).toBe(true);
        expect(smtp.mails).toHaveLength(mailsBefore + 1);
        expect(logs.lines.join('\n')).not.toContain('user:pass');
      } finally {
        await receiver.close();
      }
    });

    it('respects alertAfterChecks, filters and disabled channels', async () => {
      const { api } = await tenantApi(server);
      const receiver = await startReceiver(200);
      try {
        const flappy = await switchable(api, 'Flappy', 3);
        const other = await switchable(api, 'Other');
        await api.post('/notification-channels', {
          type: 'slack',
          name: 'Only Flappy',
          config: { webhookUrl: receiver.url },
          filter: { integrationIds: [flappy.integrationId] },
        });
        const disabled = await api.post('/notification-channels', {
          type: 'slack',
          name: 'Off',
          config: { webhookUrl: receiver.url },
          enabled: false,
        });
        expect(disabled.body.data.enabled).toBe(false);
        await flappy.check('ok');
        await flappy.check('ok');
        await flappy.check('ok');
        await flappy.check('fail');
        await flappy.check('fail');
        await other.check('fail');
        expect(await pass()).toMatchObject({ grouped: 0 });
        await flappy.check('fail');
        expect(await pass()).toMatchObject({ grouped: 1, succeeded: 1 });
        expect(receiver.received).toHaveLength(1);
        expect(JSON.parse(receiver.received[0]!.body).text).toContain('Flappy');
      } finally {
        await receiver.close();
      }
    });
  },
  () => ({
    logger: logs.logger,
    webhookResolveAll: resolveAll,
    config: { manualCheckLimit: 10_000, outboundAllow: '127.0.0.1,::1' },
  }),
);
