import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiClient, apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { startUpstream, type Upstream } from './support/upstream';

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});

/** A connection whose test action can be switched between an OK and a failing endpoint. */
async function switchableConnection(api: ApiClient, alertAfterChecks?: number) {
  const integration = await api.post('/integrations', {
    name: 'Flappy API',
    baseUrl: upstream.url,
    authType: 'none',
    ...(alertAfterChecks ? { healthCheckConfig: { alertAfterChecks } } : {}),
  });
  expect(integration.status, integration.text).toBe(201);
  const id = integration.body.data.id;
  const ok = await api.post(`/integrations/${id}/actions`, {
    name: 'OK',
    method: 'GET',
    path: '/ok',
  });
  const fail = await api.post(`/integrations/${id}/actions`, {
    name: 'Fail',
    method: 'GET',
    path: '/fail',
  });
  const connection = await api.post('/connections', { integrationId: id, name: 'Flappy' });
  const connectionId = connection.body.data.id;
  const check = async (action: 'ok' | 'fail') => {
    const target = action === 'ok' ? ok.body.data.id : fail.body.data.id;
    await api.patch(`/connections/${connectionId}`, { healthCheckTestActionId: target });
    const result = await api.post(`/connections/${connectionId}/health-checks`);
    expect(result.status, result.text).toBe(201);
    return result.body.data.status as string;
  };
  const events = async () =>
    (await api.get(`/health-events?connectionId=${connectionId}&limit=100`)).body.data
      .map((e: { fromStatus: string | null; toStatus: string }) => `${e.fromStatus}→${e.toStatus}`)
      .reverse();
  return { check, events, integrationId: id };
}

describeEachDatabase(
  'anti-flapping (alertAfterChecks)',
  ({ server }) => {
    let api: ApiClient;
    beforeAll(async () => {
      api = apiClient(server, (await server().createTenant()).apiKey);
    });

    it('by default announces every change at once, the first check included', async () => {
      const { check, events } = await switchableConnection(api);
      for (const step of ['ok', 'fail', 'ok'] as const) await check(step);
      // Recovering right after a failure is degraded (a recent failure), per the spec's table.
      expect(await events()).toEqual(['null→healthy', 'healthy→unhealthy', 'unhealthy→degraded']);
    });

    it('with alertAfterChecks 3, announces a status only once it held for 3 checks', async () => {
      const { check, events } = await switchableConnection(api, 3);
      await check('ok');
      await check('ok');
      expect(await events()).toEqual([]);
      await check('ok');
      expect(await events()).toEqual(['null→healthy']);
      // A blip of two failures is recorded (the badge shows it) but never announced.
      expect(await check('fail')).toBe('unhealthy');
      await check('fail');
      await check('ok');
      expect(await events()).toEqual(['null→healthy']);
      for (let i = 0; i < 3; i += 1) await check('fail');
      expect(await events()).toEqual(['null→healthy', 'healthy→unhealthy']);
    });

    it('rejects alertAfterChecks outside 1..20 naming the field', async () => {
      const { integrationId } = await switchableConnection(api);
      for (const value of [0, 21, 1.5, '3']) {
        const response = await api.patch(`/integrations/${integrationId}`, {
          healthCheckConfig: { alertAfterChecks: value },
        });
        expect(response.status).toBe(400);
        expect(response.body.error.details.field).toBe('healthCheckConfig.alertAfterChecks');
      }
      const ok = await api.patch(`/integrations/${integrationId}`, {
        healthCheckConfig: { alertAfterChecks: 2 },
      });
      expect(ok.body.data.healthCheckConfig).toMatchObject({ enabled: true, alertAfterChecks: 2 });
    });
  },
  { config: { manualCheckLimit: 1000 } },
);
