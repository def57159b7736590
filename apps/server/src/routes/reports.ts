import { createRoute } from '@hono/zod-openapi';
import {
  successEnvelope,
  UptimeReport,
  UptimeReportQuery,
  uptimeReportCsv,
} from '@waygate/health-core';
import { z } from 'zod';
import { apiRouter, errorResponses, openApiRoute, SECURITY } from '../http/openapi-route';
import { uptimeReport } from '../reports/uptime-report';
import type { RouteDeps } from './route-deps';

const uptimeReportRoute = createRoute({
  operationId: 'getUptimeReport',
  method: 'get',
  path: '/reports/uptime',
  summary: 'Uptime report (SLA) per connection and UTC day or month, up to 400 days, JSON or CSV',
  tags: ['Reports'],
  security: SECURITY.apiKey,
  request: { query: UptimeReportQuery },
  responses: {
    200: {
      description:
        'The report: JSON (`format=json`) or CSV with the columns connection_id, connection_name, integration_name, period_start, period_end, checks, uptime_percent, unhealthy_minutes, longest_outage_minutes (`format=csv`)',
      content: {
        'application/json': { schema: successEnvelope(UptimeReport) },
        'text/csv': { schema: z.string() },
      },
    },
    ...errorResponses(400, 401, 404),
  },
});

/** `GET /reports/uptime?from&to&granularity=day|month&format=json|csv[&connectionId|integrationId]`. */
export function reportRoutes(deps: RouteDeps) {
  const { db, now } = deps;
  const app = apiRouter();
  openApiRoute(app, uptimeReportRoute, async (c) => {
    const query = c.req.valid('query');
    const report = await uptimeReport(db, c.var.tenantId, query, now());
    if (query.format === 'csv') {
      const day = (iso: string) => iso.slice(0, 10);
      return c.body(uptimeReportCsv(report), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="uptime-report-${day(report.from)}-${day(report.to)}.csv"`,
      }) as never;
    }
    return c.json({ success: true as const, data: report }, 200);
  });
  return app;
}
