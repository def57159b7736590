import { expect, it } from 'vitest';
import { fakeResolver, tenantApi } from '../src/webhooks/test-support/webhook-harness';
import type { ApiClient } from './support/api';
import { describeEachDatabase } from './support/databases';

/** Walks a list one page of `limit` at a time and returns the ids in the order served. */
async function walk(api: ApiClient, path: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10; page += 1) {
    const res = await api.get(`${path}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, res.text).toBe(200);
    ids.push(...res.body.data.map((item: { id: string }) => item.id));
    cursor = res.body.pagination.cursor;
    expect(res.body.pagination.hasMore).toBe(cursor !== null);
    if (!cursor) return ids;
  }
  throw new Error(`${path} did not end within 10 pages`);
}

// Webhooks, notification channels and maintenance windows page through `listPage`: newest first,
// every row once, and a cursor of another list is refused rather than read as a position.
describeEachDatabase(
  'keyset pages of webhooks, channels and maintenance windows',
  ({ server }) => {
    it('serves every row once, newest first, and refuses a foreign cursor', async () => {
      const { api } = await tenantApi(server);
      const created: Record<string, string[]> = { webhooks: [], channels: [], windows: [] };
      for (let i = 0; i < 3; i += 1) {
        const webhook = await api.post('/webhooks', {
          url: `https://hooks.example.test/hook/${i}`,
        });
        expect(webhook.status, webhook.text).toBe(201);
        created.webhooks?.push(webhook.body.data.id);
        const channel = await api.post('/notification-channels', {
          type: 'slack',
          name: `Ops ${i}`,
          config: { webhookUrl: 'https://hooks.example.test/slack' },
        });
        expect(channel.status, channel.text).toBe(201);
        created.channels?.push(channel.body.data.id);
        const window = await api.post('/maintenance-windows', {
          name: `Window ${i}`,
          startsAt: '2030-01-01T10:00:00Z',
          endsAt: '2030-01-01T12:00:00Z',
        });
        expect(window.status, window.text).toBe(201);
        created.windows?.push(window.body.data.id);
      }
      const lists = {
        webhooks: '/webhooks',
        channels: '/notification-channels',
        windows: '/maintenance-windows',
      } as const;
      for (const [name, path] of Object.entries(lists)) {
        const newestFirst = [...(created[name] ?? [])].reverse();
        expect(await walk(api, path, 1), name).toEqual(newestFirst);
        expect(await walk(api, path, 2), name).toEqual(newestFirst);
        expect(await walk(api, path, 100), name).toEqual(newestFirst);
      }
      const webhookCursor = (await api.get('/webhooks?limit=1')).body.pagination.cursor;
      const foreign = await api.get(`/notification-channels?limit=1&cursor=${webhookCursor}`);
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.code).toBe('INVALID_CURSOR');

      const other = await tenantApi(server);
      for (const path of Object.values(lists)) {
        expect(await walk(other.api, path, 1)).toEqual([]);
      }
    });
  },
  {
    // Webhook URLs are resolved and must be public: a fixed answer, no DNS in tests.
    webhookResolveAll: fakeResolver({ 'hooks.example.test': ['93.184.216.34'] }),
  },
);
