import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Database } from '../db/database';
import { apiRouter, jsonResponse, openApiRoute, SECURITY } from '../http/openapi-route';

const Liveness = z.object({ status: z.literal('ok') });
const Readiness = z.object({
  status: z.enum(['ok', 'draining', 'error']),
  database: z.enum(['pglite', 'postgres']),
});

const tags = ['System'];

const livenessRoute = createRoute({
  operationId: 'getLiveness',
  method: 'get',
  path: '/livez',
  summary: 'Liveness: the process answers (no database)',
  tags,
  security: SECURITY.public,
  responses: { 200: jsonResponse(Liveness, 'Alive') },
});

const readinessResponses = {
  200: jsonResponse(Readiness, 'Ready'),
  503: jsonResponse(Readiness, 'Database unavailable, or draining on shutdown'),
};

const readinessRoute = createRoute({
  operationId: 'getReadiness',
  method: 'get',
  path: '/readyz',
  summary: 'Readiness: database reachable and not draining',
  tags,
  security: SECURITY.public,
  responses: readinessResponses,
});

const healthzRoute = createRoute({
  operationId: 'getHealthz',
  method: 'get',
  path: '/healthz',
  summary: 'Readiness under its older name (same answer as /readyz)',
  tags,
  security: SECURITY.public,
  responses: readinessResponses,
});

/**
 * Probes for orchestrators, outside `/api/v1` and without a key. Liveness never touches the
 * database, so an outage does not restart every pod; readiness does, and turns 503 while draining.
 */
export function systemRoutes(deps: { db: Database; isDraining?: () => boolean }) {
  const app = apiRouter();
  openApiRoute(app, livenessRoute, (c) => c.json({ status: 'ok' as const }, 200));
  for (const route of [readinessRoute, healthzRoute]) {
    openApiRoute(app, route, async (c) => {
      const database = deps.db.kind;
      if (deps.isDraining?.()) return c.json({ status: 'draining' as const, database }, 503);
      try {
        await deps.db.query('SELECT 1');
        return c.json({ status: 'ok' as const, database }, 200);
      } catch {
        return c.json({ status: 'error' as const, database }, 503);
      }
    });
  }
  return app;
}
