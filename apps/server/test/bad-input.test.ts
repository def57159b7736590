import { ErrorEnvelope } from '@waygate/health-core';
import { beforeAll, expect, it } from 'vitest';
import { type ApiClient, apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';

// Every bad input is a 4xx with a stable code and the field at fault; never a 500.

describeEachDatabase('bad input', ({ server }) => {
  let api: ApiClient;
  let integrationId: string;
  let connectionId: string;
  beforeAll(async () => {
    api = apiClient(server, (await server().createTenant()).apiKey);
    integrationId = (
      await api.post('/integrations', { name: 'I', baseUrl: 'https://i.test', authType: 'bearer' })
    ).body.data.id;
    connectionId = (await api.post('/connections', { integrationId, name: 'C' })).body.data.id;
  });

  const expectError = (
    res: { status: number; body: unknown; text: string },
    status: number,
    code: string,
    field?: string,
  ) => {
    expect(res.status, res.text).toBe(status);
    const body = ErrorEnvelope.parse(res.body);
    expect(body.error.code).toBe(code);
    if (field !== undefined) expect(body.error.details?.field).toBe(field);
    expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  };

  it('malformed JSON → 400 INVALID_JSON', async () => {
    expectError(
      await api.post('/integrations', undefined, { raw: '{"name": "x",' }),
      400,
      'INVALID_JSON',
    );
    expectError(await api.post('/integrations', undefined, { raw: '' }), 400, 'INVALID_JSON');
  });

  it('non-JSON content type → 415', async () => {
    expectError(
      await api.post('/integrations', undefined, {
        raw: 'name=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it.each([
    ['a JSON array', [], '(body)'],
    ['wrong type of name', { name: 5, baseUrl: 'https://x.test', authType: 'none' }, 'name'],
    ['a bad enum', { name: 'x', baseUrl: 'https://x.test', authType: 'magic' }, 'authType'],
    ['a non-http baseUrl', { name: 'x', baseUrl: 'ftp://x.test', authType: 'none' }, 'baseUrl'],
    [
      'an unknown top-level field',
      { name: 'x', baseUrl: 'https://x.test', authType: 'none', colour: 1 },
      'colour',
    ],
    [
      'an unknown config field',
      {
        name: 'x',
        baseUrl: 'https://x.test',
        authType: 'none',
        healthCheckConfig: { intervalMinute: 5 },
      },
      'healthCheckConfig.intervalMinute',
    ],
    [
      'an interval of 0',
      {
        name: 'x',
        baseUrl: 'https://x.test',
        authType: 'none',
        healthCheckConfig: { intervalMinutes: 0 },
      },
      'healthCheckConfig.intervalMinutes',
    ],
  ])('POST /integrations with %s → 400 naming %s', async (_name, body, field) => {
    expectError(await api.post('/integrations', body), 400, 'VALIDATION_ERROR', field);
  });

  it('PATCH with a nested bad value names the dotted field', async () => {
    expectError(
      await api.patch(`/integrations/${integrationId}`, {
        healthCheckConfig: { intervalMinutes: 'often' },
      }),
      400,
      'VALIDATION_ERROR',
      'healthCheckConfig.intervalMinutes',
    );
    expectError(
      await api.patch(`/connections/${connectionId}`, { credentials: { type: 'bearer' } }),
      400,
      'VALIDATION_ERROR',
      'credentials.token',
    );
  });

  it('a NUL character anywhere in a body → 400 naming the field (PostgreSQL text cannot hold it)', async () => {
    expectError(
      await api.post('/integrations', undefined, {
        raw: '{"name":"a\\u0000b","baseUrl":"https://x.test","authType":"none"}',
      }),
      400,
      'VALIDATION_ERROR',
      'name',
    );
    expectError(
      await api.post('/connections', {
        integrationId,
        name: 'n',
        credentials: { type: 'bearer', token: 'a\u0000' },
      }),
      400,
      'VALIDATION_ERROR',
      'credentials.token',
    );
  });

  it('extreme dates: filters still answer, an unstorable expiry is a 400', async () => {
    const from = await api.get(
      `/connections/${connectionId}/health-checks?from=0000-01-01T00:00:00Z`,
    );
    expect(from.status, from.text).toBe(200);
    const since = await api.get('/health-events?since=0000-01-01T00:00:00Z');
    expect(since.status, since.text).toBe(200);
    const oauth = await api.post('/integrations', {
      name: 'O',
      baseUrl: 'https://o.test',
      authType: 'oauth2',
    });
    expectError(
      await api.post('/connections', {
        integrationId: oauth.body.data.id,
        name: 'o',
        credentials: { type: 'oauth2', accessToken: 'a', expiresAt: '0000-01-01T00:00:00Z' },
      }),
      400,
      'VALIDATION_ERROR',
      'credentials.expiresAt',
    );
  });

  it('bodies over 64 KiB → 413', async () => {
    const big = { name: 'x'.repeat(70 * 1024), baseUrl: 'https://x.test', authType: 'none' };
    expectError(await api.post('/integrations', big), 413, 'PAYLOAD_TOO_LARGE');
    const noLength = await server().app.request('/api/v1/integrations', {
      method: 'POST',
      headers: { authorization: (await freshAuth()).header, 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
          controller.close();
        },
      }),
      // @ts-expect-error Node's fetch needs duplex for a stream body
      duplex: 'half',
    });
    expect(noLength.status).toBe(413);
  });

  async function freshAuth() {
    const { apiKey } = await server().createTenant();
    return { header: `Bearer ${apiKey}` };
  }

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['status=broken', 'status'],
    ['checkType=cron', 'checkType'],
    ['from=yesterday', 'from'],
    ['unknown=1', 'unknown'],
    ['limit=1&limit=2', 'limit'],
  ])('history query %s → 400 naming %s', async (query, field) => {
    expectError(
      await api.get(`/connections/${connectionId}/health-checks?${query}`),
      400,
      'VALIDATION_ERROR',
      field,
    );
  });

  it.each(['/connections', '/integrations', '/health-events'])(
    '%s?limit=0 and 101 → 400',
    async (path) => {
      expectError(await api.get(`${path}?limit=0`), 400, 'VALIDATION_ERROR', 'limit');
      expectError(await api.get(`${path}?limit=101`), 400, 'VALIDATION_ERROR', 'limit');
    },
  );

  it.each([
    'garbage',
    'eyJub3QiOiJhbiBhcnJheSJ9',
    Buffer.from(JSON.stringify(['not-a-date', 'hc_x'])).toString('base64url'),
    Buffer.from(
      JSON.stringify(['2026-01-01T00:00:00Z', 'conn_01M8E76CRR3TSARNYVSZ1794D4']),
    ).toString('base64url'),
    '%00%01',
    Buffer.from(
      JSON.stringify(['-100000-01-01T00:00:00.000Z', 'hc_01M8E8JESVN5HH50TS1N828AD1']),
    ).toString('base64url'),
    Buffer.from(
      JSON.stringify(['+200000-01-01T00:00:00.000Z', 'hc_01M8E8JESVN5HH50TS1N828AD1']),
    ).toString('base64url'),
  ])('bad cursor %s → 400 INVALID_CURSOR', async (cursor) => {
    expectError(
      await api.get(`/connections/${connectionId}/health-checks?cursor=${cursor}`),
      400,
      'INVALID_CURSOR',
      'cursor',
    );
  });

  it('bad or unknown path ids → 404 NOT_FOUND', async () => {
    for (const path of [
      '/connections/not-an-id',
      '/connections/conn_',
      '/connections/int_01M8E76CPYGNMMFFPPJWCGP75K',
      '/connections/conn_01M8E76CRR3TSARNYVSZ1794D4',
      '/connections/conn_01M8E76CRR3TSARNYVSZ1794D4/health-checks',
      '/connections/%E0%A4%A/uptime',
      '/integrations/int_ZZZZZZZZZZZZZZZZZZZZZZZZZZ',
    ]) {
      expectError(await api.get(path), 404, 'NOT_FOUND');
    }
  });

  it('malformed ids in bodies → 400 naming the field', async () => {
    expectError(
      await api.post('/connections', { integrationId: 'conn_1', name: 'x' }),
      400,
      'VALIDATION_ERROR',
      'integrationId',
    );
    expectError(
      await api.patch(`/connections/${connectionId}`, { healthCheckTestActionId: 'nope' }),
      400,
      'VALIDATION_ERROR',
      'healthCheckTestActionId',
    );
  });

  it('unknown routes and uptime windows', async () => {
    expectError(await api.get('/nope'), 404, 'NOT_FOUND');
    expectError(
      await api.get(`/connections/${connectionId}/uptime?window=1y`),
      400,
      'VALIDATION_ERROR',
      'window',
    );
    expectError(
      await api.get(`/connections/${connectionId}/latency?bucket=minute`),
      400,
      'VALIDATION_ERROR',
      'bucket',
    );
    expectError(
      await api.post(`/connections/${connectionId}/health-checks`, { force: true }),
      400,
      'VALIDATION_ERROR',
      'force',
    );
  });

  it('a failure mid-create leaves no partial rows', async () => {
    const before = await server().db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM connections',
    );
    // The action check runs after the integration lookup inside the same transaction.
    expectError(
      await api.post('/connections', {
        integrationId,
        name: 'half',
        credentials: { type: 'bearer', token: 't' },
        healthCheckTestActionId: 'act_01M8E76CR45DKR10BD8MC54T5X',
      }),
      400,
      'VALIDATION_ERROR',
      'healthCheckTestActionId',
    );
    const after = await server().db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM connections',
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});
