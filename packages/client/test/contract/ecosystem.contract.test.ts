import { createTestServer, type TestServer } from '@waygate/health-server';
import { DATABASES } from '@waygate/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badgeMarkdown,
  createHealthClient,
  type HealthClient,
  NotFoundError,
  ValidationError,
} from '../../src/index';
import { startUpstream, type Upstream } from './upstream';

describe.each(DATABASES)(
  'badge tokens and reports against the reference server on %s',
  (database) => {
    let server: TestServer;
    let upstream: Upstream;
    let baseUrl: string;
    let apiKey: string;
    let client: HealthClient;
    let other: HealthClient;
    let connectionId: string;
    let integrationId: string;

    beforeAll(async () => {
      upstream = await startUpstream();
      server = await createTestServer({ database, allowOutbound: '127.0.0.1' });
      baseUrl = await server.listen();
      const a = await server.createTenant();
      const b = await server.createTenant();
      apiKey = a.apiKey;
      client = createHealthClient({ baseUrl, apiKey, retry: 0 });
      other = createHealthClient({ baseUrl, apiKey: b.apiKey, retry: 0 });
      const integration = await client.integrations.create({
        name: 'Billing API',
        baseUrl: upstream.origin,
        authType: 'none',
      });
      integrationId = integration.id;
      await client.actions.create(integrationId, {
        name: 'Probe',
        method: 'GET',
        path: '/me',
        tags: ['health-check'],
      });
      connectionId = (await client.connections.create({ integrationId, name: 'prod' })).id;
      await client.healthChecks.trigger(connectionId);
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await upstream?.close();
    });

    it('creates badge tokens whose URLs serve SVG, and revokes them', async () => {
      const token = await client.badgeTokens.createForConnection(connectionId);
      expect(token.id).toMatch(/^bdg_/);
      expect(token.statusUrl).toBe(`${baseUrl}/badges/${token.token}/status.svg`);
      const svg = await fetch(token.statusUrl);
      expect(svg.status).toBe(200);
      expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      expect(await svg.text()).toContain('>healthy</text>');
      expect((await fetch(`${token.uptimeUrl}?window=30d`)).status).toBe(200);
      expect(badgeMarkdown(token.statusUrl, 'prod [status]', 'https://status.example.com')).toBe(
        `[![prod \\[status\\]](${token.statusUrl})](https://status.example.com)`,
      );

      const forIntegration = await client.badgeTokens.createForIntegration(integrationId);
      expect(await (await fetch(forIntegration.statusUrl)).text()).toContain('>Billing API</text>');

      await expect(other.badgeTokens.createForConnection(connectionId)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        other.badgeTokens.revokeForConnection(connectionId, token.id),
      ).rejects.toBeInstanceOf(NotFoundError);
      await client.badgeTokens.revokeForConnection(connectionId, token.id);
      await client.badgeTokens.revokeForIntegration(integrationId, forIntegration.id);
      expect((await fetch(token.statusUrl)).status).toBe(404);
      await expect(
        client.badgeTokens.revokeForConnection(connectionId, token.id),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it("reads the uptime report as JSON, and as CSV identical to the server's format=csv", async () => {
      const now = new Date();
      const from = new Date(now.getTime() - 2 * 86_400_000).toISOString();
      const to = new Date(now.getTime() + 86_400_000).toISOString();
      const report = await client.reports.uptime({ from, to, connectionId });
      expect(report.granularity).toBe('day');
      const today = report.rows.find((r) => r.checks > 0);
      expect(today).toMatchObject({
        connectionId,
        connectionName: 'prod',
        integrationName: 'Billing API',
        checks: 1,
        uptimePercent: 100,
        unhealthyMinutes: 0,
      });
      const csv = await client.reports.uptimeCsv({ from, to, connectionId });
      const query = new URLSearchParams({ from, to, connectionId, format: 'csv' });
      const raw = await fetch(`${baseUrl}/api/v1/reports/uptime?${query}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(raw.status).toBe(200);
      expect(csv).toBe(await raw.text());
      expect(csv.split('\r\n')[0]).toBe(
        'connection_id,connection_name,integration_name,period_start,period_end,checks,uptime_percent,unhealthy_minutes,longest_outage_minutes',
      );
      await expect(client.reports.uptime({ from: to, to: from })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(other.reports.uptime({ from, to, connectionId })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  },
);
