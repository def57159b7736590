import { Webhook, WebhookDelivery, WebhookWithSecret } from '@waygate/health-core';
import { expect, it } from 'vitest';
import { apiClient } from '../../test/support/api';
import { describeEachDatabase } from '../../test/support/databases';
import { fromPublicId } from '../ids';
import { captureLogs, fakeResolver, tenantApi } from './test-support/webhook-harness';
import { MAX_WEBHOOKS_PER_TENANT } from './webhook-service';

const resolveAll = fakeResolver({
  'hooks.example.test': ['93.184.216.34'],
  'internal.example.test': ['10.0.0.5'],
  'mixed.example.test': ['93.184.216.34', '127.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
});
const logs = captureLogs();

describeEachDatabase(
  'webhooks API',
  ({ server }) => {
    it('creates a webhook and shows its secret once, never again', async () => {
      const { api } = await tenantApi(server);
      const created = await api.post('/webhooks', {
        url: 'https://hooks.example.test/waygate',
        description: 'Ops channel',
      });
      expect(created.status, created.text).toBe(201);
      const webhook = WebhookWithSecret.parse(created.body.data);
      expect(webhook).toMatchObject({ description: 'Ops channel', enabled: true });
      expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const base64 = webhook.secret.slice('whsec_'.length);

      const list = await api.get('/webhooks');
      const one = await api.get(`/webhooks/${webhook.id}`);
      const patched = await api.patch(`/webhooks/${webhook.id}`, { description: 'renamed' });
      const deliveries = await api.get(`/webhooks/${webhook.id}/deliveries`);
      expect(list.status).toBe(200);
      expect(list.body.data.map((w: Webhook) => w.id)).toEqual([webhook.id]);
      expect(one.status).toBe(200);
      expect(Webhook.strict().parse(one.body.data).url).toBe('https://hooks.example.test/waygate');
      expect(patched.body.data.description).toBe('renamed');
      for (const response of [list, one, patched, deliveries]) {
        expect(response.text).not.toContain(base64);
        expect(response.text).not.toContain('secret');
      }
      const { rows } = await server().db.query<{ secret_ciphertext: string }>(
        'SELECT secret_ciphertext FROM webhooks WHERE id = $1',
        [fromPublicId('webhook', webhook.id)],
      );
      expect(rows[0]?.secret_ciphertext).not.toContain(base64);
      expect(logs.lines.join('\n')).not.toContain(base64);
    });

    it('updates, disables and deletes', async () => {
      const { api } = await tenantApi(server);
      const { body } = await api.post('/webhooks', { url: 'https://hooks.example.test/a' });
      const id = body.data.id as string;
      const updated = await api.patch(`/webhooks/${id}`, {
        url: 'https://hooks.example.test/b',
        enabled: false,
        description: null,
      });
      expect(updated.status, updated.text).toBe(200);
      expect(updated.body.data).toMatchObject({
        url: 'https://hooks.example.test/b',
        enabled: false,
        description: null,
      });
      const test = await api.post(`/webhooks/${id}/test`);
      expect(test.status).toBe(409);
      expect(test.body.error).toMatchObject({ code: 'CONFLICT', details: { field: 'enabled' } });
      expect((await api.delete(`/webhooks/${id}`)).status).toBe(204);
      expect((await api.get(`/webhooks/${id}`)).status).toBe(404);
      expect((await api.delete(`/webhooks/${id}`)).status).toBe(404);
    });

    it('queues a test event as a pending delivery', async () => {
      const { api } = await tenantApi(server);
      const { body } = await api.post('/webhooks', { url: 'https://hooks.example.test/t' });
      const queued = await api.post(`/webhooks/${body.data.id}/test`);
      expect(queued.status, queued.text).toBe(202);
      const delivery = WebhookDelivery.parse(queued.body.data);
      expect(delivery).toMatchObject({
        eventType: 'webhook.test',
        eventId: null,
        status: 'pending',
        attemptCount: 0,
        attempts: [],
      });
      const list = await api.get(`/webhooks/${body.data.id}/deliveries`);
      expect(list.body.data.map((d: WebhookDelivery) => d.id)).toEqual([delivery.id]);
      expect(list.body.pagination).toEqual({ hasMore: false, cursor: null });
    });

    it.each([
      ['a non-http scheme', { url: 'ftp://hooks.example.test/x' }, 'url'],
      ['no URL', { description: 'x' }, 'url'],
      ['a relative URL', { url: '/hooks' }, 'url'],
      ['an unknown field', { url: 'https://hooks.example.test/x', events: ['*'] }, 'events'],
      [
        'a too long description',
        { url: 'https://hooks.example.test/x', description: 'd'.repeat(501) },
        'description',
      ],
      ['a non-boolean enabled', { url: 'https://hooks.example.test/x', enabled: 'yes' }, 'enabled'],
      ['loopback', { url: 'http://127.0.0.1:9/hooks' }, 'url'],
      ['a name resolving to loopback', { url: 'http://localhost:9/hooks' }, 'url'],
      ['a name resolving to a private address', { url: 'https://internal.example.test/' }, 'url'],
      ['a name with one private address', { url: 'https://mixed.example.test/' }, 'url'],
      ['the metadata endpoint', { url: 'http://169.254.169.254/latest' }, 'url'],
      ['mapped IPv6 loopback', { url: 'http://[::ffff:7f00:1]/' }, 'url'],
      ['a numeric loopback trick', { url: 'http://2130706433/' }, 'url'],
      ['credentials in the URL', { url: 'https://user:pw@hooks.example.test/' }, 'url'],
    ])('refuses %s with 400 naming the field', async (_name, body, field) => {
      const { api } = await tenantApi(server);
      const response = await api.post('/webhooks', body);
      expect(response.status, response.text).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details.field).toBe(field);
      expect((await api.get('/webhooks')).body.data).toEqual([]);
    });

    it('refuses bad updates, bad JSON and bad queries', async () => {
      const { api } = await tenantApi(server);
      const { body } = await api.post('/webhooks', { url: 'https://hooks.example.test/u' });
      const id = body.data.id as string;
      const privateUrl = await api.patch(`/webhooks/${id}`, { url: 'http://10.1.2.3/' });
      expect(privateUrl.status).toBe(400);
      expect(privateUrl.body.error.details.field).toBe('url');
      const unknown = await api.patch(`/webhooks/${id}`, { secret: 'whsec_mine' });
      expect(unknown.body.error.details.field).toBe('secret');
      const malformed = await api.post('/webhooks', undefined, { raw: '{"url":' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('INVALID_JSON');
      const limit = await api.get(`/webhooks/${id}/deliveries?limit=500`);
      expect(limit.status).toBe(400);
      expect(limit.body.error.details.field).toBe('limit');
      const cursor = await api.get(`/webhooks/${id}/deliveries?cursor=nope`);
      expect(cursor.body.error.code).toBe('INVALID_CURSOR');
      expect((await api.get('/webhooks/wh_notanid')).status).toBe(404);
      expect((await api.get('/webhooks/conn_01J00000000000000000000000')).status).toBe(404);
      // Unchanged by the refused updates.
      expect((await api.get(`/webhooks/${id}`)).body.data.url).toBe('https://hooks.example.test/u');
    });

    it('caps webhooks per tenant with 409', async () => {
      const { api } = await tenantApi(server);
      for (let i = 0; i < MAX_WEBHOOKS_PER_TENANT; i++) {
        const created = await api.post('/webhooks', { url: `https://hooks.example.test/${i}` });
        expect(created.status, created.text).toBe(201);
      }
      const over = await api.post('/webhooks', { url: 'https://hooks.example.test/over' });
      expect(over.status).toBe(409);
      expect(over.body.error).toMatchObject({ code: 'CONFLICT', details: { field: 'url' } });
      expect((await api.get('/webhooks?limit=100')).body.data).toHaveLength(
        MAX_WEBHOOKS_PER_TENANT,
      );
    });

    it('keeps tenants apart: another tenant gets 404 on every route', async () => {
      const a = await tenantApi(server);
      const b = await tenantApi(server);
      const { body } = await a.api.post('/webhooks', { url: 'https://hooks.example.test/a' });
      const id = body.data.id as string;
      expect((await b.api.get(`/webhooks/${id}`)).status).toBe(404);
      expect((await b.api.patch(`/webhooks/${id}`, { enabled: false })).status).toBe(404);
      expect((await b.api.get(`/webhooks/${id}/deliveries`)).status).toBe(404);
      expect((await b.api.post(`/webhooks/${id}/test`)).status).toBe(404);
      expect((await b.api.delete(`/webhooks/${id}`)).status).toBe(404);
      expect((await b.api.get('/webhooks')).body.data).toEqual([]);
      expect((await a.api.get(`/webhooks/${id}`)).body.data.enabled).toBe(true);
    });

    it('requires an API key', async () => {
      const anonymous = apiClient(server);
      const response = await anonymous.get('/webhooks');
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
    });
  },
  () => ({
    config: { outboundAllow: undefined },
    logger: logs.logger,
    webhookResolveAll: resolveAll,
  }),
);
