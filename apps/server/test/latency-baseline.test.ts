import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clearLatencyBaselineCache } from '../src/baseline/latency-baseline';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';

// An upstream whose answer time the test sets.
let delayMs = 0;
let upstream: Server;
let upstreamUrl = '';
beforeAll(async () => {
  upstream = createServer((_req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), delayMs);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

describeEachDatabase(
  'baseline-relative latency',
  ({ server }) => {
    async function connectionWithHistory(latencyBaseline: Record<string, unknown> | undefined) {
      const tenant = await server().createTenant();
      const api = apiClient(server, tenant.apiKey);
      const ids = await setupConnection(api, { baseUrl: upstreamUrl });
      if (latencyBaseline) {
        const patched = await api.patch(`/integrations/${ids.integrationId}`, {
          healthCheckConfig: { latencyBaseline },
        });
        expect(patched.status, patched.text).toBe(200);
        expect(patched.body.data.healthCheckConfig.latencyBaseline).toMatchObject(latencyBaseline);
      }
      // A week's worth of fast calls, as far as the baseline is concerned (20 samples minimum).
      delayMs = 0;
      for (let i = 0; i < 22; i++) {
        const check = await api.post(`/connections/${ids.connectionId}/health-checks`);
        expect(check.status, check.text).toBe(201);
      }
      clearLatencyBaselineCache();
      return { api, ...ids };
    }

    async function slowCheck(api: ReturnType<typeof apiClient>, connectionId: string) {
      delayMs = 700;
      const check = await api.post(`/connections/${connectionId}/health-checks`);
      expect(check.status, check.text).toBe(201);
      return (await api.get(`/connections/${connectionId}`)).body.data;
    }

    it('degrades a check slower than the floor and 3× its own 7-day p95', async () => {
      const { api, connectionId } = await connectionWithHistory({ enabled: true });
      const connection = await slowCheck(api, connectionId);
      expect(connection.healthStatus).toBe('degraded');
      expect(connection.healthReasons).toEqual(['latency_above_baseline']);
    });

    it('stays healthy when the rule is off (the default) or the floor is not passed', async () => {
      const off = await connectionWithHistory(undefined);
      expect((await slowCheck(off.api, off.connectionId)).healthStatus).toBe('healthy');
      const highFloor = await connectionWithHistory({ enabled: true, floorMs: 1500 });
      expect((await slowCheck(highFloor.api, highFloor.connectionId)).healthStatus).toBe('healthy');
    });

    it('refuses bad settings with 400 naming the field', async () => {
      const tenant = await server().createTenant();
      const api = apiClient(server, tenant.apiKey);
      const { integrationId } = await setupConnection(api, { baseUrl: upstreamUrl });
      for (const latencyBaseline of [
        { multiplier: 0 },
        { floorMs: -1 },
        { enabled: 1 },
        { x: 1 },
      ]) {
        const response = await api.patch(`/integrations/${integrationId}`, {
          healthCheckConfig: { latencyBaseline },
        });
        expect(response.status, response.text).toBe(400);
        expect(response.body.error.details.field).toMatch(/^healthCheckConfig\.latencyBaseline/);
      }
    });
  },
  { config: { manualCheckLimit: 100 } },
);
