import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { AppError } from '../errors';
import { bearerToken } from '../http/auth';
import { apiRouter, errorResponses, openApiRoute } from '../http/openapi-route';
import { renderMetrics } from '../prometheus/metrics';
import { secretsEqual } from './internal';

const metricsRoute = createRoute({
  operationId: 'getMetrics',
  method: 'get',
  path: '/metrics',
  summary: 'Prometheus metrics (Bearer WAYGATE_METRICS_TOKEN; 404 while no token is set)',
  tags: ['System'],
  security: [{ metricsToken: [] }],
  responses: {
    200: {
      description: 'Prometheus text exposition format',
      content: { 'text/plain': { schema: z.string() } },
    },
    ...errorResponses(401, 404),
  },
});

/**
 * `GET /metrics` on the API's port: Prometheus exposition text, behind
 * `Authorization: Bearer $WAYGATE_METRICS_TOKEN`. Without a token configured the route is off
 * and answers like any unknown path (404), so a public server reveals nothing; a scraper on a
 * private network uses `WAYGATE_METRICS_PORT` instead (prometheus/metrics-server.ts, no token).
 */
export function metricsRoutes(options: { token?: string }) {
  const app = apiRouter();
  app.openAPIRegistry.registerComponent('securitySchemes', 'metricsToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'WAYGATE_METRICS_TOKEN: `Authorization: Bearer <token>`',
  });
  openApiRoute(app, metricsRoute, async (c) => {
    const token = options.token;
    if (!token) throw new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`);
    const given = bearerToken(c.req.header('authorization'));
    if (!given || !secretsEqual(given, token)) {
      throw new AppError('UNAUTHORIZED', 'Missing or invalid metrics token', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    const { body, contentType } = await renderMetrics();
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }) as never;
  });
  return app;
}
