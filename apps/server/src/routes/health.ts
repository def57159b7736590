import { createRoute } from '@hono/zod-openapi';
import {
  HealthEvent,
  HealthEventListQuery,
  HealthSummary,
  listEnvelope,
  SummaryQuery,
  successEnvelope,
} from '@waygate/health-core';
import {
  apiRouter,
  errorResponses,
  jsonResponse,
  openApiRoute,
  SECURITY,
} from '../http/openapi-route';
import { healthSummary, listHealthEvents } from '../services/metrics';
import type { RouteDeps } from './route-deps';

const getSummaryRoute = createRoute({
  operationId: 'getHealthSummary',
  method: 'get',
  path: '/health-checks/summary',
  summary: 'Tenant-wide health summary',
  tags: ['Health checks'],
  security: SECURITY.apiKey,
  request: { query: SummaryQuery },
  responses: { 200: jsonResponse(successEnvelope(HealthSummary)), ...errorResponses(400, 401) },
});

const listEventsRoute = createRoute({
  operationId: 'listHealthEvents',
  method: 'get',
  path: '/health-events',
  summary: 'Health status changes, newest first',
  tags: ['Health checks'],
  security: SECURITY.apiKey,
  request: { query: HealthEventListQuery },
  responses: { 200: jsonResponse(listEnvelope(HealthEvent)), ...errorResponses(400, 401) },
});

export function healthRoutes({ db, now }: RouteDeps) {
  const app = apiRouter();
  openApiRoute(app, getSummaryRoute, async (c) => {
    const { limit } = c.req.valid('query');
    const data = await healthSummary(db, c.var.tenantId, limit, now());
    return c.json({ success: true as const, data }, 200);
  });
  openApiRoute(app, listEventsRoute, async (c) => {
    const page = await listHealthEvents(db, c.var.tenantId, c.req.valid('query'));
    return c.json({ success: true as const, ...page }, 200);
  });
  return app;
}
