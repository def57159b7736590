import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UPTIME_REPORT_CSV_COLUMNS } from '@waygate/health-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';

// The API's clock, moved by the tests: checks land on the days the scenario needs.
let clock = Date.parse('2026-03-01T10:00:00Z');
const at = (iso: string) => {
  clock = Date.parse(iso);
};

// An upstream whose answer the test switches between 200 and 500.
let upstreamStatus = 200;
let upstream: Server;
let upstreamUrl = '';
beforeAll(async () => {
  upstream = createServer((_req, res) => {
    res.writeHead(upstreamStatus, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

describeEachDatabase(
  'uptime report',
  ({ server }) => {
    let api: ReturnType<typeof apiClient>;
    let connectionId: string;
    let integrationId: string;
    let quietId: string;
    let otherTenantConnection: string;

    async function checkAt(iso: string, status: number) {
      at(iso);
      upstreamStatus = status;
      const response = await api.post(`/connections/${connectionId}/health-checks`);
      expect(response.status, response.text).toBe(201);
    }

    beforeAll(async () => {
      at('2026-03-01T09:00:00Z');
      const tenant = await server().createTenant();
      api = apiClient(server, tenant.apiKey);
      ({ connectionId, integrationId } = await setupConnection(api, {
        baseUrl: upstreamUrl,
        name: 'billing',
      }));
      // A second connection of the same integration that is never checked.
      const quiet = await api.post('/connections', {
        integrationId,
        name: 'quiet',
        credentials: { type: 'bearer', token: 'tok_test_123456' },
      });
      quietId = quiet.body.data.id;
      // Day 1: healthy at 10:00, unhealthy from 12:00; day 2: healthy again at 00:30.
      await checkAt('2026-03-01T10:00:00Z', 200);
      await checkAt('2026-03-01T12:00:00Z', 500);
      await checkAt('2026-03-02T00:30:00Z', 200);
      // Day 4: unhealthy from midnight, still unhealthy "now".
      await checkAt('2026-03-04T00:00:00Z', 500);
      const other = await server().createTenant();
      otherTenantConnection = (
        await setupConnection(apiClient(server, other.apiKey), { baseUrl: upstreamUrl })
      ).connectionId;
    }, 60_000);

    const report = (query: string) => api.get(`/reports/uptime?${query}`);

    it('reports each connection per UTC day: checks, uptime, unhealthy minutes, longest outage', async () => {
      at('2026-03-04T06:00:00Z');
      const response = await report(
        `from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z&connectionId=${connectionId}`,
      );
      expect(response.status, response.text).toBe(200);
      const data = response.body.data;
      expect(data).toMatchObject({
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-03-05T00:00:00.000Z',
        granularity: 'day',
      });
      expect(
        data.rows.map((r: Record<string, unknown>) => [
          r.periodStart,
          r.checks,
          r.uptimePercent,
          r.unhealthyMinutes,
          r.longestOutageMinutes,
        ]),
      ).toEqual([
        ['2026-03-01T00:00:00.000Z', 2, 50, 720, 720],
        ['2026-03-02T00:00:00.000Z', 1, 100, 30, 30],
        ['2026-03-03T00:00:00.000Z', 0, null, 0, 0],
        // Unhealthy since midnight, and "now" is 06:00: the future is not an outage.
        ['2026-03-04T00:00:00.000Z', 1, 0, 360, 360],
      ]);
      expect(data.rows[0]).toMatchObject({
        connectionId,
        connectionName: 'billing',
        integrationName: 'Upstream',
        periodEnd: '2026-03-02T00:00:00.000Z',
      });
    });

    it('adds days up into UTC months', async () => {
      at('2026-03-04T06:00:00Z');
      const response = await report(
        `from=2026-02-15T00:00:00Z&to=2026-03-05T00:00:00Z&granularity=month&connectionId=${connectionId}`,
      );
      expect(response.status, response.text).toBe(200);
      const rows = response.body.data.rows;
      expect(rows.map((r: Record<string, unknown>) => [r.periodStart, r.checks])).toEqual([
        ['2026-02-01T00:00:00.000Z', 0],
        ['2026-03-01T00:00:00.000Z', 4],
      ]);
      expect(rows[1]).toMatchObject({
        uptimePercent: 50,
        unhealthyMinutes: 750 + 360,
        longestOutageMinutes: 750,
        periodEnd: '2026-04-01T00:00:00.000Z',
      });
    });

    it('is tenant-wide by default, per integration on request, and never shows other tenants', async () => {
      at('2026-03-04T06:00:00Z');
      const range = 'from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z';
      const all = await report(range);
      expect(all.status).toBe(200);
      const ids = all.body.data.rows.map((r: { connectionId: string }) => r.connectionId);
      expect(new Set(ids)).toEqual(new Set([connectionId, quietId]));
      const quiet = all.body.data.rows.find(
        (r: { connectionId: string }) => r.connectionId === quietId,
      );
      expect(quiet).toMatchObject({ checks: 0, uptimePercent: null, unhealthyMinutes: 0 });
      const byIntegration = await report(`${range}&integrationId=${integrationId}`);
      expect(byIntegration.body.data.rows).toHaveLength(2);
      expect((await report(`${range}&connectionId=${otherTenantConnection}`)).status).toBe(404);
      const unknown = await report(`${range}&integrationId=int_00000000000000000000000000`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.details.field).toBe('integrationId');
    });

    it('answers CSV with the documented columns', async () => {
      at('2026-03-04T06:00:00Z');
      const response = await report(
        `from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&format=csv&connectionId=${connectionId}`,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="uptime-report-2026-03-01-2026-03-03.csv"',
      );
      const lines = response.text.split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toBe(UPTIME_REPORT_CSV_COLUMNS.join(','));
      expect(lines[0]).toBe(
        'connection_id,connection_name,integration_name,period_start,period_end,checks,uptime_percent,unhealthy_minutes,longest_outage_minutes',
      );
      expect(lines.slice(1, -1)).toEqual([
        `${connectionId},billing,Upstream,2026-03-01T00:00:00.000Z,2026-03-02T00:00:00.000Z,2,50,720,720`,
        `${connectionId},billing,Upstream,2026-03-02T00:00:00.000Z,2026-03-03T00:00:00.000Z,1,100,30,30`,
      ]);
    });

    it.each([
      ['no from', 'to=2026-03-02T00:00:00Z', 'from'],
      ['no to', 'from=2026-03-01T00:00:00Z', 'to'],
      ['a date that is not ISO 8601', 'from=yesterday&to=2026-03-02T00:00:00Z', 'from'],
      ['to before from', 'from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'to'],
      ['to equal to from', 'from=2026-03-02T00:00:00Z&to=2026-03-02T00:00:00Z', 'to'],
      ['more than 400 days', 'from=2025-01-01T00:00:00Z&to=2026-02-06T00:00:01Z', 'to'],
      [
        'a bad granularity',
        'from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&granularity=week',
        'granularity',
      ],
      ['a bad format', 'from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&format=xml', 'format'],
      [
        'a malformed connection id',
        'from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&connectionId=abc',
        'connectionId',
      ],
      [
        'an unknown parameter',
        'from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&limit=5',
        'limit',
      ],
    ])('refuses %s with 400 naming the field', async (_label, query, field) => {
      const response = await report(query);
      expect(response.status, response.text).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details.field).toBe(field);
    });

    it('accepts exactly 400 days', async () => {
      const response = await report(
        `from=2025-01-01T00:00:00Z&to=2026-02-05T00:00:00Z&granularity=month&connectionId=${connectionId}`,
      );
      expect(response.status, response.text).toBe(200);
      expect(response.body.data.rows).toHaveLength(14);
    });
  },
  { now: () => new Date(clock) },
);
