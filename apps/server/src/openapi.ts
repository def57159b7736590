import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from './http/app-env';
import { jsonResponse, openApiRoute, SECURITY } from './http/openapi-route';

/** The document's header: the paths come from the routes mounted on the app (one declaration). */
const DOCUMENT: Parameters<OpenAPIHono['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: 'Waygate Health API',
    version: '0.1.0',
    description: 'Scheduled health checks for API-integration connections.',
    license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
  },
  // Relative: the document describes the server that serves it, wherever it is deployed.
  servers: [{ url: '/', description: 'This server' }],
  tags: [
    { name: 'Integrations', description: 'APIs a tenant connects to, with their auth settings' },
    { name: 'Actions', description: 'Endpoints of an integration; one can be the test action' },
    { name: 'Connections', description: 'A tenant’s credentials for an integration' },
    { name: 'Health checks', description: 'Check history, manual checks, uptime and latency' },
    { name: 'Webhooks', description: 'Signed notifications of health changes' },
    { name: 'Internal', description: 'Cron entry point (Bearer CRON_SECRET)' },
    { name: 'System', description: 'Probes and this document (no key)' },
  ],
};

const openApiDocumentRoute = createRoute({
  operationId: 'getOpenApiDocument',
  method: 'get',
  path: '/api/v1/openapi.json',
  summary: 'This OpenAPI 3.1 document',
  tags: ['System'],
  security: SECURITY.public,
  responses: {
    200: jsonResponse(z.record(z.string(), z.unknown()), 'The OpenAPI document'),
  },
});

/**
 * Registers the security schemes and serves `GET /api/v1/openapi.json`, generated on first request
 * from the app's own registry — every route mounted with `openApiRoute` and nothing else — so the
 * document cannot drift from the routes (test/openapi-parity.test.ts checks both directions).
 */
export function serveOpenApiDocument(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A tenant API key: `Authorization: Bearer <key>`',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cronSecret', {
    type: 'http',
    scheme: 'bearer',
    description: 'The server’s CRON_SECRET: `Authorization: Bearer <secret>`',
  });
  let document: Record<string, unknown> | undefined;
  openApiRoute(app, openApiDocumentRoute, (c) => {
    document ??= app.getOpenAPI31Document(DOCUMENT) as unknown as Record<string, unknown>;
    return c.json(document, 200);
  });
}
