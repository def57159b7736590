import { ErrorEnvelope } from '@waygate/health-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromPublicId } from '../src/ids';
import { type ApiClient, apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

// An API key may not ride in a header that routes, frames or cookies the request, nor in one a
// client sets for itself (Accept, User-Agent): the API refuses such names with the field named,
// and a name stored before the rule is refused when a check would send it.

const REFUSED = [
  'Host',
  'host',
  'Connection',
  'Keep-Alive',
  'Content-Type',
  'Content-Length',
  'Transfer-Encoding',
  'TE',
  'Trailer',
  'Upgrade',
  'Cookie',
  'Set-Cookie',
  'Proxy-Authorization',
  'Proxy-Connection',
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'User-Agent',
  'Expect',
  'Forwarded',
  'X-Forwarded-For',
  'X-Forwarded-Host',
  'Via',
  'Origin',
  'Referer',
  'Range',
  'X-HTTP-Method-Override',
];
const INVALID = ['X API Key', 'X-Key:', 'X-Key\r\nHost', 'Ключ', ''];
const ALLOWED = [
  'X-API-Key',
  'Authorization',
  'apikey',
  'X-Auth_Token',
  'Ocp-Apim-Subscription-Key',
];

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});

describeEachDatabase('api-key header names', ({ server }) => {
  let api: ApiClient;
  beforeAll(async () => {
    api = apiClient(server, (await server().createTenant()).apiKey);
  });

  const create = (name: string, placementIn: 'header' | 'query' = 'header') =>
    api.post('/integrations', {
      name: 'K',
      baseUrl: 'https://k.test',
      authType: 'api_key',
      apiKeyPlacement: { in: placementIn, name },
    });

  const expect400 = (res: { status: number; body: unknown; text: string }) => {
    expect(res.status, res.text).toBe(400);
    const body = ErrorEnvelope.parse(res.body);
    expect(body.error.code).toBe('VALIDATION_ERROR');
    expect(body.error.details?.field).toBe('apiKeyPlacement.name');
    return body;
  };

  it.each(REFUSED)(
    'POST /integrations with header %s → 400 naming apiKeyPlacement.name',
    async (name) => {
      const body = expect400(await create(name));
      expect(body.error.message).toContain('cannot carry the API key');
    },
  );

  it.each(INVALID)('POST /integrations with the invalid header name %j → 400', async (name) => {
    expect400(await create(name));
  });

  it.each(ALLOWED)('POST /integrations with header %s → 201', async (name) => {
    const res = await create(name);
    expect(res.status, res.text).toBe(201);
    expect(res.body.data.apiKeyPlacement).toEqual({ in: 'header', name });
  });

  it('the header rule does not apply to query parameter names (?accept=…, ?host=…)', async () => {
    expect((await create('accept', 'query')).status).toBe(201);
    expect((await create('host', 'query')).status).toBe(201);
  });

  it('PATCH /integrations/:id with a refused header name → 400, the stored name unchanged', async () => {
    const created = await create('X-API-Key');
    const id = created.body.data.id;
    for (const name of ['Accept', 'Cookie', 'Transfer-Encoding']) {
      expect400(
        await api.patch(`/integrations/${id}`, { apiKeyPlacement: { in: 'header', name } }),
      );
    }
    const after = await api.get(`/integrations/${id}`);
    expect(after.body.data.apiKeyPlacement).toEqual({ in: 'header', name: 'X-API-Key' });
  });

  it('an integration stored with "Accept" before the rule still reads, and a check refuses to send the key (no call)', async () => {
    const { integrationId, connectionId } = await setupConnection(api, {
      baseUrl: upstream.url,
      authType: 'api_key',
      apiKeyPlacement: { in: 'header', name: 'X-API-Key' },
      credentials: { type: 'api_key', key: 'legacy-key-canary-77' },
    });
    await server().db.query(`UPDATE integrations SET api_key_placement = $2 WHERE id = $1`, [
      fromPublicId('integration', integrationId),
      JSON.stringify({ in: 'header', name: 'Accept' }),
    ]);
    const read = await api.get(`/integrations/${integrationId}`);
    expect(read.status, read.text).toBe(200);
    expect(read.body.data.apiKeyPlacement).toEqual({ in: 'header', name: 'Accept' });

    const before = upstream.count();
    const check = await api.post(`/connections/${connectionId}/health-checks`);
    expect(check.status, check.text).toBe(201);
    expect(check.body.data.status).toBe('unhealthy');
    expect(check.body.data.testActionSuccess).toBe(false);
    expect(check.body.data.error.message).toContain('apiKeyPlacement.name');
    expect(check.text).not.toContain('legacy-key-canary-77');
    expect(upstream.count()).toBe(before);
  });
});
