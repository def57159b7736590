import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

// Tenant A's key on tenant B's ids is a 404 (never 403: existence is not disclosed) on every
// endpoint, and no list or aggregate of A ever includes B's rows.

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => upstream.close());

describeEachDatabase('tenant isolation', ({ server }) => {
  it('every endpoint answers 404 for another tenant’s ids and lists only own rows', async () => {
    const a = apiClient(server, (await server().createTenant('A')).apiKey);
    const b = apiClient(server, (await server().createTenant('B')).apiKey);
    const own = await setupConnection(a, { baseUrl: upstream.url, name: 'A conn' });
    const other = await setupConnection(b, { baseUrl: upstream.url, name: 'B conn' });
    expect((await b.post(`/connections/${other.connectionId}/health-checks`)).status).toBe(201);
    expect((await a.post(`/connections/${own.connectionId}/health-checks`)).status).toBe(201);

    const I = other.integrationId;
    const C = other.connectionId;
    const attempts: [
      string,
      () => Promise<{ status: number; body: { error?: { code: string } } }>,
    ][] = [
      ['GET integration', () => a.get(`/integrations/${I}`)],
      ['PATCH integration', () => a.patch(`/integrations/${I}`, { name: 'stolen' })],
      ['DELETE integration', () => a.delete(`/integrations/${I}`)],
      [
        'POST action',
        () => a.post(`/integrations/${I}/actions`, { name: 'x', method: 'GET', path: '/x' }),
      ],
      ['GET actions', () => a.get(`/integrations/${I}/actions`)],
      ['GET connection', () => a.get(`/connections/${C}`)],
      ['PATCH connection', () => a.patch(`/connections/${C}`, { name: 'stolen' })],
      ['DELETE connection', () => a.delete(`/connections/${C}`)],
      ['GET history', () => a.get(`/connections/${C}/health-checks`)],
      ['POST manual check', () => a.post(`/connections/${C}/health-checks`)],
      ['GET latest', () => a.get(`/connections/${C}/health-checks/latest`)],
      ['GET uptime', () => a.get(`/connections/${C}/uptime`)],
      ['GET latency', () => a.get(`/connections/${C}/latency`)],
      [
        'POST connection on B integration',
        () => a.post('/connections', { integrationId: I, name: 'x' }),
      ],
    ];
    for (const [name, attempt] of attempts) {
      const res = await attempt();
      expect(res.status, name).toBe(404);
      expect(res.body.error?.code, name).toBe('NOT_FOUND');
    }
    // A's connection cannot point at B's action either.
    const steal = await a.patch(`/connections/${own.connectionId}`, {
      healthCheckTestActionId: other.actionId,
    });
    expect(steal.status).toBe(400);

    // B's rows are untouched and invisible to A.
    expect((await b.get(`/connections/${C}`)).body.data.name).toBe('B conn');
    const lists = [
      await a.get('/integrations'),
      await a.get('/connections'),
      await a.get('/health-events'),
      await a.get(`/connections?integrationId=${I}`),
      await a.get(`/health-events?connectionId=${C}`),
    ];
    for (const list of lists) {
      expect(list.status).toBe(200);
      const text = JSON.stringify(list.body);
      expect(text).not.toContain(C);
      expect(text).not.toContain(I);
      expect(text).not.toContain('B conn');
    }
    const summary = (await a.get('/health-checks/summary')).body.data;
    expect(summary.totalConnections).toBe(1);
    expect(summary.connections.map((c: { id: string }) => c.id)).toEqual([own.connectionId]);
    expect((await a.get('/integrations')).body.data).toHaveLength(1);
    expect((await a.get('/health-events')).body.data).toHaveLength(1);

    // A cursor made from B's list does not reveal B's rows to A.
    const bPage = await b.get('/health-events?limit=1');
    const cursor = (await b.get(`/connections/${C}/health-checks?limit=1`)).body.pagination.cursor;
    expect(bPage.status).toBe(200);
    if (cursor) {
      const res = await a.get(`/connections/${own.connectionId}/health-checks?cursor=${cursor}`);
      expect(JSON.stringify(res.body)).not.toContain(C);
    }
  });
});
