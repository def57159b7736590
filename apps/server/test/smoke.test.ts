import { HealthCheck, successEnvelope } from '@waygate/health-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => upstream.close());

describeEachDatabase('smoke', ({ server }) => {
  it('runs a manual check', async () => {
    const { apiKey } = await server().createTenant();
    const api = apiClient(server, apiKey);
    const { connectionId } = await setupConnection(api, { baseUrl: upstream.url });
    const res = await api.post(`/connections/${connectionId}/health-checks`);
    expect(res.status, res.text).toBe(201);
    console.log(res.body);
    successEnvelope(HealthCheck).parse(res.body);
    const list = await api.get(`/connections/${connectionId}/health-checks`);
    console.log(JSON.stringify(list.body));
    const detail = await api.get(`/connections/${connectionId}`);
    console.log(JSON.stringify(detail.body));
  });
});
