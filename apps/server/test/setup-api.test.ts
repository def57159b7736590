import {
  Action,
  Connection,
  ConnectionDetail,
  ErrorEnvelope,
  Integration,
  listEnvelope,
  successEnvelope,
} from '@waygate/health-core';
import { expect, it } from 'vitest';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';

// Setup endpoints: integrations, actions, connections. Every response is parsed with core's
// schemas, so a shape drift fails here before it reaches the SDK or the dashboard.

describeEachDatabase('setup endpoints', ({ server }) => {
  async function tenantApi() {
    const { apiKey } = await server().createTenant();
    return apiClient(server, apiKey);
  }

  it('creates, lists, reads, updates and deletes an integration', async () => {
    const api = await tenantApi();
    const created = await api.post('/integrations', {
      name: 'Slack',
      baseUrl: 'https://slack.com/api',
      authType: 'bearer',
    });
    expect(created.status).toBe(201);
    const integration = successEnvelope(Integration).parse(created.body).data;
    expect(integration).toMatchObject({
      name: 'Slack',
      status: 'active',
      healthCheckConfig: { enabled: true, intervalMinutes: 15 },
    });
    expect(integration.id).toMatch(/^int_[0-9A-Z]{26}$/);
    expect(integration.apiKeyPlacement).toBeUndefined();

    const list = listEnvelope(Integration).parse((await api.get('/integrations')).body);
    expect(list.data.map((i) => i.id)).toEqual([integration.id]);
    expect(list.pagination).toEqual({ hasMore: false, cursor: null });

    const got = await api.get(`/integrations/${integration.id}`);
    expect(successEnvelope(Integration).parse(got.body).data).toEqual(integration);

    const patched = await api.patch(`/integrations/${integration.id}`, {
      status: 'draft',
      healthCheckConfig: { intervalMinutes: 5 },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(successEnvelope(Integration).parse(patched.body).data).toMatchObject({
      status: 'draft',
      healthCheckConfig: { enabled: true, intervalMinutes: 5 },
    });
    const merged = await api.patch(`/integrations/${integration.id}`, {
      healthCheckConfig: { enabled: false },
    });
    expect(merged.body.data.healthCheckConfig).toEqual({ enabled: false, intervalMinutes: 5 });

    expect((await api.delete(`/integrations/${integration.id}`)).status).toBe(204);
    expect((await api.get(`/integrations/${integration.id}`)).status).toBe(404);
  });

  it('pages through integrations with an opaque cursor, newest first', async () => {
    const api = await tenantApi();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.post('/integrations', {
        name: `I${i}`,
        baseUrl: 'https://x.test',
        authType: 'none',
      });
      ids.push(res.body.data.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.get(`/integrations?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const page = listEnvelope(Integration).parse(res.body);
      seen.push(...page.data.map((i) => i.id));
      cursor = page.pagination.cursor;
      expect(page.pagination.hasMore).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('api_key integrations need a placement; PATCH keeps auth settings consistent', async () => {
    const api = await tenantApi();
    const missing = await api.post('/integrations', {
      name: 'K',
      baseUrl: 'https://k.test',
      authType: 'api_key',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.field).toBe('apiKeyPlacement');
    const created = await api.post('/integrations', {
      name: 'K',
      baseUrl: 'https://k.test',
      authType: 'api_key',
      apiKeyPlacement: { in: 'query', name: 'key' },
    });
    expect(created.body.data.apiKeyPlacement).toEqual({ in: 'query', name: 'key' });
    const toBearer = await api.patch(`/integrations/${created.body.data.id}`, {
      authType: 'bearer',
    });
    expect(toBearer.status).toBe(200);
    expect(toBearer.body.data.apiKeyPlacement).toBeUndefined();
    const back = await api.patch(`/integrations/${created.body.data.id}`, { authType: 'api_key' });
    expect(back.status).toBe(400);
    expect(back.body.error.details.field).toBe('apiKeyPlacement');
  });

  it('healthCheckConfig.testActionId must be an action of that integration', async () => {
    const api = await tenantApi();
    const a = await api.post('/integrations', {
      name: 'A',
      baseUrl: 'https://a.test',
      authType: 'none',
    });
    const b = await api.post('/integrations', {
      name: 'B',
      baseUrl: 'https://b.test',
      authType: 'none',
    });
    const actionOfB = await api.post(`/integrations/${b.body.data.id}/actions`, {
      name: 'x',
      method: 'GET',
      path: '/x',
    });
    const actionOfA = await api.post(`/integrations/${a.body.data.id}/actions`, {
      name: 'y',
      method: 'GET',
      path: '/y',
    });
    const wrong = await api.patch(`/integrations/${a.body.data.id}`, {
      healthCheckConfig: { testActionId: actionOfB.body.data.id },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { field: 'healthCheckConfig.testActionId' },
    });
    const right = await api.patch(`/integrations/${a.body.data.id}`, {
      healthCheckConfig: { testActionId: actionOfA.body.data.id },
    });
    expect(right.body.data.healthCheckConfig.testActionId).toBe(actionOfA.body.data.id);
    const cleared = await api.patch(`/integrations/${a.body.data.id}`, {
      healthCheckConfig: { testActionId: null },
    });
    expect(cleared.body.data.healthCheckConfig).toEqual({ enabled: true, intervalMinutes: 15 });
  });

  it('creates and lists actions', async () => {
    const api = await tenantApi();
    const integration = await api.post('/integrations', {
      name: 'S',
      baseUrl: 'https://s.test',
      authType: 'none',
    });
    const created = await api.post(`/integrations/${integration.body.data.id}/actions`, {
      name: 'Get current user',
      method: 'GET',
      path: '/users/me',
      tags: ['health-check'],
      parameters: [{ name: 'verbose', in: 'query', required: false }],
    });
    expect(created.status).toBe(201);
    const action = successEnvelope(Action).parse(created.body).data;
    expect(action).toMatchObject({
      integrationId: integration.body.data.id,
      tags: ['health-check'],
    });
    const list = listEnvelope(Action).parse(
      (await api.get(`/integrations/${integration.body.data.id}/actions`)).body,
    );
    expect(list.data).toEqual([action]);
  });

  it('creates a connection with write-only credentials and reads its health fields', async () => {
    const api = await tenantApi();
    const integration = await api.post('/integrations', {
      name: 'Slack',
      baseUrl: 'https://s.test',
      authType: 'oauth2',
    });
    const expiresAt = '2099-01-01T00:00:00.000Z';
    const created = await api.post('/connections', {
      integrationId: integration.body.data.id,
      name: 'Production Slack',
      credentials: { type: 'oauth2', accessToken: 'at_1', refreshToken: 'rt_1', expiresAt },
    });
    expect(created.status, created.text).toBe(201);
    const connection = successEnvelope(Connection).parse(created.body).data;
    expect(connection).toMatchObject({
      integrationName: 'Slack',
      status: 'active',
      credentialType: 'oauth2',
      credentialStatus: 'active',
      credentialExpiresAt: expiresAt,
      healthStatus: 'healthy',
      healthReasons: [],
      circuitBreakerStatus: 'closed',
      consecutiveFailures: 0,
    });
    expect(created.text).not.toContain('at_1');
    expect(created.text).not.toContain('rt_1');
    expect(connection.lastHealthCheckAt).toBeUndefined();

    const detail = await api.get(`/connections/${connection.id}`);
    const parsed = successEnvelope(ConnectionDetail).parse(detail.body).data;
    expect(parsed.healthSummary).toEqual({
      status: 'healthy',
      reasons: [],
      uptimeLast24h: null,
      uptimeLast7d: null,
      testAction: null,
    });
    expect(parsed.lastHealthCheck).toBeNull();

    const list = listEnvelope(Connection).parse((await api.get('/connections')).body);
    expect(list.data.map((c) => c.id)).toEqual([connection.id]);
    const filtered = await api.get('/connections?healthStatus=unhealthy');
    expect(filtered.body.data).toEqual([]);
  });

  it('credentials must match the integration auth type', async () => {
    const api = await tenantApi();
    const integration = await api.post('/integrations', {
      name: 'B',
      baseUrl: 'https://b.test',
      authType: 'bearer',
    });
    const res = await api.post('/connections', {
      integrationId: integration.body.data.id,
      name: 'c',
      credentials: { type: 'basic', username: 'u', password: 'p' },
    });
    expect(res.status).toBe(400);
    expect(ErrorEnvelope.parse(res.body).error.details?.field).toBe('credentials.type');
  });

  it('updates a connection: name, status, credentials removal, test action override', async () => {
    const api = await tenantApi();
    const integration = await api.post('/integrations', {
      name: 'B',
      baseUrl: 'https://b.test',
      authType: 'bearer',
    });
    const action = await api.post(`/integrations/${integration.body.data.id}/actions`, {
      name: 'a',
      method: 'GET',
      path: '/a',
    });
    const created = await api.post('/connections', {
      integrationId: integration.body.data.id,
      name: 'c',
      credentials: { type: 'bearer', token: 't' },
    });
    const id = created.body.data.id;
    const patched = await api.patch(`/connections/${id}`, {
      name: 'renamed',
      status: 'disabled',
      healthCheckTestActionId: action.body.data.id,
    });
    expect(patched.status, patched.text).toBe(200);
    expect(successEnvelope(Connection).parse(patched.body).data).toMatchObject({
      name: 'renamed',
      status: 'disabled',
      healthCheckTestActionId: action.body.data.id,
      credentialStatus: 'active',
    });
    const detail = await api.get(`/connections/${id}`);
    expect(detail.body.data.healthSummary.testAction).toMatchObject({
      id: action.body.data.id,
      rule: 'connection_override',
    });
    const removed = await api.patch(`/connections/${id}`, { credentials: null });
    expect(removed.body.data.credentialStatus).toBe('missing');
    expect(removed.body.data.credentialType).toBeUndefined();
    expect((await api.delete(`/connections/${id}`)).status).toBe(204);
    expect((await api.get(`/connections/${id}`)).status).toBe(404);
  });

  it('refuses to delete an integration that still has connections (409)', async () => {
    const api = await tenantApi();
    const integration = await api.post('/integrations', {
      name: 'B',
      baseUrl: 'https://b.test',
      authType: 'none',
    });
    await api.post('/connections', { integrationId: integration.body.data.id, name: 'c' });
    const res = await api.delete(`/integrations/${integration.body.data.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect((await api.get(`/integrations/${integration.body.data.id}`)).status).toBe(200);
  });

  it('a connection on an unknown integration is 404 naming integrationId', async () => {
    const api = await tenantApi();
    const res = await api.post('/connections', {
      integrationId: 'int_01M8E76CPYGNMMFFPPJWCGP75K',
      name: 'c',
    });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      code: 'NOT_FOUND',
      details: { field: 'integrationId' },
    });
  });
});
