import { createRoute } from '@hono/zod-openapi';
import {
  Action,
  CreateActionInput,
  CreateIntegrationInput,
  Integration,
  listEnvelope,
  PageQuery,
  successEnvelope,
  UpdateIntegrationInput,
} from '@waygate/health-core';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/app-env';
import {
  apiRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  openApiRoute,
  SECURITY,
} from '../http/openapi-route';
import { createAction, listActions } from '../services/actions';
import {
  createIntegration,
  deleteIntegration,
  getIntegrationRow,
  listIntegrations,
  toIntegration,
  updateIntegration,
} from '../services/integrations';
import type { RouteDeps } from './route-deps';

const IdParam = z.object({ id: z.string() });
const tags = ['Integrations'];
const security = SECURITY.apiKey;

const createIntegrationRoute = createRoute({
  operationId: 'createIntegration',
  method: 'post',
  path: '/integrations',
  summary: 'Create an integration',
  tags,
  security,
  request: { body: jsonBody(CreateIntegrationInput) },
  responses: {
    201: jsonResponse(successEnvelope(Integration), 'Created'),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const listIntegrationsRoute = createRoute({
  operationId: 'listIntegrations',
  method: 'get',
  path: '/integrations',
  summary: 'List integrations, newest first',
  tags,
  security,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(listEnvelope(Integration)), ...errorResponses(400, 401) },
});

const getIntegrationRoute = createRoute({
  operationId: 'getIntegration',
  method: 'get',
  path: '/integrations/{id}',
  summary: 'Get an integration',
  tags,
  security,
  request: { params: IdParam },
  responses: { 200: jsonResponse(successEnvelope(Integration)), ...errorResponses(401, 404) },
});

const updateIntegrationRoute = createRoute({
  operationId: 'updateIntegration',
  method: 'patch',
  path: '/integrations/{id}',
  summary: 'Update an integration (healthCheckConfig merged)',
  tags,
  security,
  request: { params: IdParam, body: jsonBody(UpdateIntegrationInput) },
  responses: {
    200: jsonResponse(successEnvelope(Integration)),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const deleteIntegrationRoute = createRoute({
  operationId: 'deleteIntegration',
  method: 'delete',
  path: '/integrations/{id}',
  summary: 'Delete an integration without connections',
  tags,
  security,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404, 409) },
});

const createActionRoute = createRoute({
  operationId: 'createAction',
  method: 'post',
  path: '/integrations/{id}/actions',
  summary: 'Create an action',
  tags: ['Actions'],
  security,
  request: { params: IdParam, body: jsonBody(CreateActionInput) },
  responses: {
    201: jsonResponse(successEnvelope(Action), 'Created'),
    ...errorResponses(400, 401, 404, 409, 413, 415),
  },
});

const listActionsRoute = createRoute({
  operationId: 'listActions',
  method: 'get',
  path: '/integrations/{id}/actions',
  summary: 'List the actions of an integration',
  tags: ['Actions'],
  security,
  request: { params: IdParam, query: PageQuery },
  responses: { 200: jsonResponse(listEnvelope(Action)), ...errorResponses(400, 401, 404) },
});

export function integrationRoutes({ db, now }: RouteDeps) {
  // Resolve the id first, so a wrong id is a 404 even with a bad body or query.
  const integrationExists: MiddlewareHandler<AppEnv> = async (c, next) => {
    await getIntegrationRow(db, c.var.tenantId, c.req.param('id') ?? '');
    await next();
  };
  const app = apiRouter();
  openApiRoute(app, createIntegrationRoute, async (c) => {
    const data = await createIntegration(db, c.var.tenantId, c.req.valid('json'), now());
    return c.json({ success: true as const, data }, 201);
  });
  openApiRoute(app, listIntegrationsRoute, async (c) => {
    const page = await listIntegrations(db, c.var.tenantId, c.req.valid('query'));
    return c.json({ success: true as const, ...page }, 200);
  });
  openApiRoute(app, getIntegrationRoute, async (c) => {
    const row = await getIntegrationRow(db, c.var.tenantId, c.req.valid('param').id);
    return c.json({ success: true as const, data: toIntegration(row) }, 200);
  });
  openApiRoute(app, { ...updateIntegrationRoute, middleware: [integrationExists] }, async (c) => {
    const { id } = c.req.valid('param');
    const data = await updateIntegration(db, c.var.tenantId, id, c.req.valid('json'), now());
    return c.json({ success: true as const, data }, 200);
  });
  openApiRoute(app, deleteIntegrationRoute, async (c) => {
    await deleteIntegration(db, c.var.tenantId, c.req.valid('param').id);
    return c.body(null, 204);
  });
  openApiRoute(app, { ...createActionRoute, middleware: [integrationExists] }, async (c) => {
    const { id } = c.req.valid('param');
    const data = await createAction(db, c.var.tenantId, id, c.req.valid('json'), now());
    return c.json({ success: true as const, data }, 201);
  });
  openApiRoute(app, listActionsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const page = await listActions(db, c.var.tenantId, id, c.req.valid('query'));
    return c.json({ success: true as const, ...page }, 200);
  });
  return app;
}
