import { describe, expect, it } from 'vitest';
import { json, page, stubFetch } from '../test/support/stub-fetch';
import { ResponseValidationError } from './errors';
import { createHealthClient } from './index';

const event = (n: number) => ({
  id: `evt_${n}`,
  connectionId: 'conn_1',
  connectionName: 'Production Slack',
  fromStatus: null,
  toStatus: 'healthy',
  reasons: [],
  createdAt: '2026-01-25T10:00:00Z',
});

const client = (fetch: ReturnType<typeof stubFetch>['fetch']) =>
  createHealthClient({ baseUrl: 'https://x.test', apiKey: 'wgk_k', fetch, retry: 0 });

// Real-server pagination is covered by the contract suite; these are the cases a correct
// server never produces.
describe('iterate', () => {
  it('fails loudly instead of looping when a server repeats a cursor', async () => {
    const stub = stubFetch(json(page([event(1)], 'c1')), json(page([event(2)], 'c1')));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of client(stub.fetch).events.iterate()) seen.push(item.id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(seen).toEqual(['evt_1', 'evt_2']);
    expect(stub.calls).toHaveLength(2);
  });

  it('stops when hasMore is true but no cursor came back', async () => {
    const stub = stubFetch(
      json({ success: true, data: [event(1)], pagination: { hasMore: true, cursor: null } }),
    );
    const ids: string[] = [];
    for await (const item of client(stub.fetch).events.iterate()) ids.push(item.id);
    expect(ids).toEqual(['evt_1']);
    expect(stub.calls).toHaveLength(1);
  });
});
