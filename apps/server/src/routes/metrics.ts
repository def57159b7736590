import { Hono } from 'hono';
import { AppError } from '../errors';
import type { AppEnv } from '../http/app-env';
import { bearerToken } from '../http/auth';
import { renderMetrics } from '../prometheus/metrics';
import { secretsEqual } from './internal';

/**
 * `GET /metrics` on the API's port: Prometheus exposition text, behind
 * `Authorization: Bearer $WAYGATE_METRICS_TOKEN`. Without a token configured the route is off
 * and answers like any unknown path (404), so a public server reveals nothing; a scraper on a
 * private network uses `WAYGATE_METRICS_PORT` instead (prometheus/metrics-server.ts, no token).
 */
export function metricsRoutes(options: { token?: string }) {
  return new Hono<AppEnv>().get('/metrics', async (c) => {
    const token = options.token;
    if (!token) {
      throw new AppError(404, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`);
    }
    const given = bearerToken(c.req.header('authorization'));
    if (!given || !secretsEqual(given, token)) {
      throw new AppError(401, 'UNAUTHORIZED', 'Missing or invalid metrics token', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    const { body, contentType } = await renderMetrics();
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  });
}
