import { WebhookPayload } from '@waygate/health-core';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases';
import { setupConnection } from '../../test/support/fixtures';
import { startUpstream, type Upstream } from '../../test/support/upstream';
import { fromPublicId, newUuid } from '../ids';
import { parseAllowList } from '../outbound/allow-list';
import { fromDeliveryId } from './delivery-ids';
import {
  type DeliveryDeps,
  deliverDueWebhooks,
  deliverWebhooksOnce,
  startWebhookWorker,
} from './delivery-worker';
import { MAX_DELIVERY_ATTEMPTS } from './retry-schedule';
import { startReceiver } from './test-support/receiver';
import { captureLogs, fakeResolver, tenantApi } from './test-support/webhook-harness';
import { createWebhookSender, type WebhookSender } from './webhook-sender';
import { pruneWebhookDeliveries } from './webhook-service';

const logs = captureLogs();
const SECOND = 1000;

describeEachDatabase(
  'webhook delivery',
  ({ server }) => {
    let upstream: Upstream;
    const senders: WebhookSender[] = [];
    // Loopback is allow-listed for the receivers these tests start. The timeout is generous (a
    // loaded CI machine) except in the hanging-receiver case, which passes a short one.
    const sender = (allow = '127.0.0.1', timeoutMs = 5_000) => {
      const s = createWebhookSender({
        allowList: parseAllowList(allow),
        timeoutMs,
        resolveAll: fakeResolver({ 'rebound.example.test': ['127.0.0.1'] }),
      });
      senders.push(s);
      return s;
    };
    const deps = (s: WebhookSender = sender()): DeliveryDeps => ({
      db: server().db,
      cipher: server().deps.cipher,
      logger: server().deps.logger,
      sender: s,
    });

    beforeAll(async () => {
      upstream = await startUpstream();
    });
    afterAll(async () => {
      await Promise.all(senders.map((s) => s.close()));
      await upstream.close();
    });

    /** A tenant with a webhook to `url` and a connection whose manual check makes an event. */
    async function tenantWithWebhook(url: string) {
      const tenant = await tenantApi(server);
      const created = await tenant.api.post('/webhooks', { url });
      expect(created.status, created.text).toBe(201);
      const ids = await setupConnection(tenant.api, { baseUrl: upstream.url, path: '/ok' });
      return {
        ...tenant,
        ...ids,
        webhookId: created.body.data.id as string,
        secret: created.body.data.secret as string,
      };
    }

    async function check(t: Awaited<ReturnType<typeof tenantWithWebhook>>) {
      const response = await t.api.post(`/connections/${t.connectionId}/health-checks`);
      expect(response.status, response.text).toBe(201);
      return response.body.data;
    }

    async function deliveries(t: {
      api: Awaited<ReturnType<typeof tenantApi>>['api'];
      webhookId: string;
    }) {
      const response = await t.api.get(`/webhooks/${t.webhookId}/deliveries`);
      expect(response.status).toBe(200);
      return response.body.data;
    }

    it('delivers a status change signed so that standardwebhooks verifies it', async () => {
      const receiver = await startReceiver();
      try {
        const t = await tenantWithWebhook(receiver.url);
        const healthCheck = await check(t);
        const summary = await deliverDueWebhooks(deps(), { owner: 'w1' });
        expect(summary).toMatchObject({ claimed: 1, succeeded: 1 });
        expect(receiver.received).toHaveLength(1);
        const [message] = receiver.received;
        const headers = message!.headers as Record<string, string>;
        const verified = new StandardWebhook(t.secret).verify(message!.body, headers);
        const payload = WebhookPayload.parse(verified);
        if (payload.type !== 'connection.health_changed') throw new Error(payload.type);
        expect(payload.data).toMatchObject({
          connectionId: t.connectionId,
          connectionName: 'Production',
          healthCheckId: healthCheck.id,
          fromStatus: null,
          toStatus: 'healthy',
        });
        expect(headers['webhook-id']).toMatch(/^msg_/);
        expect(headers['content-type']).toBe('application/json');
        // A tampered body or another secret does not verify.
        expect(() =>
          new StandardWebhook(t.secret).verify(
            message!.body.replace('healthy', 'degraded'),
            headers,
          ),
        ).toThrow();
        expect(() =>
          new StandardWebhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(
            message!.body,
            headers,
          ),
        ).toThrow();

        const [delivery] = await deliveries(t);
        expect(delivery).toMatchObject({
          id: headers['webhook-id'],
          status: 'succeeded',
          attemptCount: 1,
          lastStatusCode: 200,
          eventId: payload.data.id,
        });
        expect(delivery.attempts).toEqual([
          expect.objectContaining({ statusCode: 200, errorCode: null }),
        ]);
        // Same status again: no event, no delivery.
        await check(t);
        expect(await deliverDueWebhooks(deps(), { owner: 'w1' })).toMatchObject({ claimed: 0 });
        expect(await deliveries(t)).toHaveLength(1);
        expect(logs.lines.join('\n')).not.toContain(t.secret.slice(6));
      } finally {
        await receiver.close();
      }
    });

    it('retries after a 500 with backoff and succeeds on the second attempt', async () => {
      const receiver = await startReceiver();
      receiver.respondWith(500);
      try {
        const t = await tenantWithWebhook(receiver.url);
        await check(t);
        const now = new Date();
        expect(await deliverDueWebhooks(deps(), { owner: 'w1', now })).toMatchObject({
          claimed: 1,
          retrying: 1,
        });
        const [pending] = await deliveries(t);
        expect(pending).toMatchObject({ status: 'pending', attemptCount: 1, lastStatusCode: 500 });
        expect(new Date(pending.nextAttemptAt).getTime()).toBe(now.getTime() + 30 * SECOND);
        // Not due before the backoff has passed.
        const early = new Date(now.getTime() + 29 * SECOND);
        expect(await deliverDueWebhooks(deps(), { owner: 'w1', now: early })).toMatchObject({
          claimed: 0,
        });
        const later = new Date(now.getTime() + 31 * SECOND);
        expect(await deliverDueWebhooks(deps(), { owner: 'w1', now: later })).toMatchObject({
          claimed: 1,
          succeeded: 1,
        });
        expect(receiver.received).toHaveLength(2);
        // The same message id on both attempts, so receivers can deduplicate.
        expect(receiver.received[1]!.headers['webhook-id']).toBe(
          receiver.received[0]!.headers['webhook-id'],
        );
        const [delivery] = await deliveries(t);
        expect(delivery).toMatchObject({
          status: 'succeeded',
          attemptCount: 2,
          lastStatusCode: 200,
        });
        expect(
          delivery.attempts.map((a: { statusCode: number; errorCode: string }) => [
            a.statusCode,
            a.errorCode,
          ]),
        ).toEqual([
          [500, 'HTTP_5XX'],
          [200, null],
        ]);
      } finally {
        await receiver.close();
      }
    });

    it('times out a hanging receiver and retries it', async () => {
      const receiver = await startReceiver();
      receiver.respondWith('hang');
      try {
        const t = await tenantWithWebhook(receiver.url);
        await check(t);
        const now = new Date();
        expect(
          await deliverDueWebhooks(deps(sender('127.0.0.1', 300)), { owner: 'w1', now }),
        ).toMatchObject({ retrying: 1 });
        const [pending] = await deliveries(t);
        expect(pending).toMatchObject({ status: 'pending', lastStatusCode: null });
        expect(pending.attempts[0].errorCode).toBe('TIMEOUT');
        const later = new Date(now.getTime() + 31 * SECOND);
        expect(await deliverDueWebhooks(deps(), { owner: 'w1', now: later })).toMatchObject({
          succeeded: 1,
        });
        expect((await deliveries(t))[0]).toMatchObject({ status: 'succeeded', attemptCount: 2 });
      } finally {
        await receiver.close();
      }
    });

    it(`gives up after ${MAX_DELIVERY_ATTEMPTS} attempts`, async () => {
      const receiver = await startReceiver(503);
      try {
        const t = await tenantWithWebhook(receiver.url);
        await check(t);
        let now = new Date();
        for (let i = 0; i < MAX_DELIVERY_ATTEMPTS; i++) {
          expect(await deliverDueWebhooks(deps(), { owner: 'w1', now })).toMatchObject({
            claimed: 1,
          });
          now = new Date(now.getTime() + 7 * 60 * 60 * SECOND);
        }
        expect(await deliverDueWebhooks(deps(), { owner: 'w1', now })).toMatchObject({
          claimed: 0,
        });
        const [delivery] = await deliveries(t);
        expect(delivery).toMatchObject({
          status: 'failed',
          attemptCount: MAX_DELIVERY_ATTEMPTS,
          nextAttemptAt: null,
        });
        expect(delivery.attempts).toHaveLength(MAX_DELIVERY_ATTEMPTS);
        expect(receiver.received).toHaveLength(MAX_DELIVERY_ATTEMPTS);
      } finally {
        await receiver.close();
      }
    });

    it('two workers on one database deliver each event exactly once', async () => {
      const receiver = await startReceiver();
      try {
        const t = await tenantWithWebhook(receiver.url);
        await check(t);
        // 40 more events in one statement (as a scheduler batch writes them): one trigger run.
        const tenant = fromPublicId('tenant', t.tenantId);
        const connection = fromPublicId('connection', t.connectionId);
        const ids = Array.from({ length: 40 }, () => newUuid());
        await server().db.query(
          `INSERT INTO health_events (id, tenant_id, connection_id, from_status, to_status,
             reasons, created_at)
           SELECT id, $2, $3, 'healthy', 'unhealthy', '{}', now() FROM unnest($1::uuid[]) AS id`,
          [ids, tenant, connection],
        );
        const a = deps(sender());
        const b = deps(sender());
        const run = async (d: DeliveryDeps, owner: string) => {
          let total = 0;
          for (;;) {
            const { claimed } = await deliverDueWebhooks(d, { owner, limit: 7 });
            if (claimed === 0) return total;
            total += claimed;
          }
        };
        const [byA, byB] = await Promise.all([run(a, 'replica-a'), run(b, 'replica-b')]);
        expect(byA + byB).toBe(41);
        const messageIds = receiver.received.map((r) => r.headers['webhook-id']);
        expect(messageIds).toHaveLength(41);
        expect(new Set(messageIds).size).toBe(41);
        const { rows } = await server().db.query<{ status: string; attempts: number; n: number }>(
          `SELECT status, attempts, count(*)::int AS n FROM webhook_deliveries
            WHERE webhook_id = $1 GROUP BY status, attempts`,
          [fromPublicId('webhook', t.webhookId)],
        );
        expect(rows).toEqual([{ status: 'succeeded', attempts: 1, n: 41 }]);
      } finally {
        await receiver.close();
      }
    });

    it('fences out the result of a worker whose lease was lost and re-claimed', async () => {
      const receiver = await startReceiver();
      receiver.respondWith(503);
      try {
        const t = await tenantWithWebhook(receiver.url);
        await check(t);
        let release: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        // A worker that stalls mid-send past its lease, then reports a failure.
        const stalled: WebhookSender = {
          async send() {
            await gate;
            return {
              success: false,
              statusCode: 500,
              latencyMs: 1,
              error: { code: 'HTTP_5XX', message: 'HTTP 500' },
            };
          },
          async close() {},
        };
        const slow = deliverDueWebhooks(deps(stalled), { owner: 'stalled' });
        await expect
          .poll(async () => {
            const { rows } = await server().db.query<{ lease_owner: string | null }>(
              'SELECT lease_owner FROM webhook_deliveries WHERE webhook_id = $1',
              [fromPublicId('webhook', t.webhookId)],
            );
            return rows[0]?.lease_owner ?? null;
          })
          .toMatch(/^stalled:/);
        // The lease runs out; another replica claims the delivery and records its attempt (503).
        const afterLease = new Date(Date.now() + 61 * SECOND);
        expect(
          await deliverDueWebhooks(deps(), { owner: 'healthy', now: afterLease }),
        ).toMatchObject({ retrying: 1 });
        release();
        expect(await slow).toMatchObject({ claimed: 1 });
        // The stalled worker's late 500 is dropped: one attempt, the newer one.
        const [delivery] = await deliveries(t);
        expect(delivery).toMatchObject({ status: 'pending', attemptCount: 1, lastStatusCode: 503 });
        expect(delivery.attempts).toHaveLength(1);
        expect(receiver.received).toHaveLength(1);
      } finally {
        await receiver.close();
      }
    });

    it('never sends to a destination the guard refuses (DNS rebinding, allow-list removed)', async () => {
      const receiver = await startReceiver();
      try {
        // Created while the name resolved to a public address; now it resolves to loopback.
        const rebound = await tenantWithWebhook(
          `http://rebound.example.test:${receiver.port}/hooks`,
        );
        await check(rebound);
        // Created while loopback was allowed; the operator has since removed it.
        const direct = await tenantWithWebhook(receiver.url);
        await check(direct);
        const strict = deps(sender(''));
        expect(await deliverDueWebhooks(strict, { owner: 'w1' })).toMatchObject({
          claimed: 2,
          failed: 2,
        });
        expect(receiver.received).toHaveLength(0);
        for (const t of [rebound, direct]) {
          const [delivery] = await deliveries(t);
          expect(delivery).toMatchObject({ status: 'failed', attemptCount: 1 });
          expect(delivery.attempts[0].errorCode).toBe('SSRF_BLOCKED');
        }
      } finally {
        await receiver.close();
      }
    });

    it('queues deliveries only for enabled webhooks of the event tenant', async () => {
      const receiver = await startReceiver();
      try {
        const a = await tenantWithWebhook(receiver.url);
        const b = await tenantWithWebhook(receiver.url);
        const disabled = await a.api.post('/webhooks', { url: receiver.url, enabled: false });
        await check(a);
        // The one-shot form the cron endpoint uses: its own sender, closed afterwards.
        const summary = await deliverWebhooksOnce(
          {
            db: server().db,
            cipher: server().deps.cipher,
            logger: server().deps.logger,
            allowList: parseAllowList('127.0.0.1'),
          },
          { owner: 'cron' },
        );
        expect(summary).toMatchObject({ claimed: 1, succeeded: 1 });
        const payload = JSON.parse(receiver.received[0]!.body);
        expect(payload.data.connectionId).toBe(a.connectionId);
        expect(await deliveries(b)).toEqual([]);
        expect(await deliveries({ api: a.api, webhookId: disabled.body.data.id })).toEqual([]);
      } finally {
        await receiver.close();
      }
    });

    it('sends a queued test event, and drops pending ones when a webhook is disabled', async () => {
      const receiver = await startReceiver();
      try {
        const t = await tenantWithWebhook(receiver.url);
        const queued = await t.api.post(`/webhooks/${t.webhookId}/test`);
        expect(queued.status).toBe(202);
        await deliverDueWebhooks(deps(), { owner: 'w1' });
        const verified = new StandardWebhook(t.secret).verify(
          receiver.received[0]!.body,
          receiver.received[0]!.headers as Record<string, string>,
        );
        expect(WebhookPayload.parse(verified)).toMatchObject({
          type: 'webhook.test',
          data: { webhookId: t.webhookId },
        });
        await check(t);
        await t.api.patch(`/webhooks/${t.webhookId}`, { enabled: false });
        expect(await deliverDueWebhooks(deps(), { owner: 'w1' })).toMatchObject({ claimed: 0 });
        const [dropped] = await deliveries(t);
        expect(dropped).toMatchObject({ status: 'failed', lastError: 'WEBHOOK_DISABLED' });
        expect(receiver.received).toHaveLength(1);
      } finally {
        await receiver.close();
      }
    });

    it('prunes finished deliveries past retention and keeps pending ones', async () => {
      const receiver = await startReceiver();
      receiver.respondWith(200, 500);
      try {
        const t = await tenantWithWebhook(receiver.url);
        await t.api.post(`/webhooks/${t.webhookId}/test`);
        await t.api.post(`/webhooks/${t.webhookId}/test`);
        expect(await deliverDueWebhooks(deps(), { owner: 'w1' })).toMatchObject({
          succeeded: 1,
          retrying: 1,
        });
        const inAMonth = new Date(Date.now() + 31 * 24 * 60 * 60 * SECOND);
        const pruned = await pruneWebhookDeliveries(
          server().db,
          new Date(inAMonth.getTime() - 30 * 24 * 60 * 60 * SECOND),
        );
        expect(pruned).toBeGreaterThanOrEqual(1);
        const left = await deliveries(t);
        expect(left.map((d: { status: string }) => d.status)).toEqual(['pending']);
      } finally {
        await receiver.close();
      }
    });

    it('runs as a background worker until stopped', async () => {
      const receiver = await startReceiver();
      try {
        const t = await tenantWithWebhook(receiver.url);
        await check(t);
        const worker = startWebhookWorker(
          {
            db: server().db,
            cipher: server().deps.cipher,
            logger: server().deps.logger,
            allowList: parseAllowList('127.0.0.1'),
          },
          { intervalMs: 50 },
        );
        try {
          await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
        } finally {
          await worker.stop();
        }
        const id = receiver.received[0]!.headers['webhook-id'];
        expect(fromDeliveryId(id)).not.toBeNull();
      } finally {
        await receiver.close();
      }
    });
  },
  () => ({
    config: { outboundAllow: '127.0.0.1' },
    logger: logs.logger,
    webhookResolveAll: fakeResolver({ 'rebound.example.test': ['93.184.216.34'] }),
  }),
);
