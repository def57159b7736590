import { createRoute } from '@hono/zod-openapi';
import {
  CreateWebhookInput,
  listEnvelope,
  PageQuery,
  successEnvelope,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryListQuery,
  WebhookWithSecret,
} from '@waygate/health-core';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { validationError } from '../errors';
import type { AppEnv } from '../http/app-env';
import {
  apiRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  openApiRoute,
  SECURITY,
} from '../http/openapi-route';
import { parseAllowList } from '../outbound/allow-list';
import type { ResolveAll } from '../outbound/guarded-lookup';
import { ssrfRefusal } from '../webhooks/url-guard';
import {
  createWebhook,
  deleteWebhook,
  getWebhookRow,
  listDeliveries,
  listWebhooks,
  queueTestDelivery,
  toWebhook,
  updateWebhook,
} from '../webhooks/webhook-service';
import type { RouteDeps } from './route-deps';

export interface WebhookRouteOptions {
  /** Resolver for the creation-time SSRF check; tests inject one. */
  resolveAll?: ResolveAll;
}

const IdParam = z.object({ id: z.string() });
const tags = ['Webhooks'];
const security = SECURITY.apiKey;

const createWebhookRoute = createRoute({
  operationId: 'createWebhook',
  method: 'post',
  path: '/webhooks',
  summary: 'Create a webhook (its secret is returned once)',
  tags,
  security,
  request: { body: jsonBody(CreateWebhookInput) },
  responses: {
    201: jsonResponse(successEnvelope(WebhookWithSecret), 'Created'),
    ...errorResponses(400, 401, 409, 413, 415),
  },
});

const listWebhooksRoute = createRoute({
  operationId: 'listWebhooks',
  method: 'get',
  path: '/webhooks',
  summary: 'List webhooks',
  tags,
  security,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(listEnvelope(Webhook)), ...errorResponses(400, 401) },
});

const getWebhookRoute = createRoute({
  operationId: 'getWebhook',
  method: 'get',
  path: '/webhooks/{id}',
  summary: 'Get a webhook',
  tags,
  security,
  request: { params: IdParam },
  responses: { 200: jsonResponse(successEnvelope(Webhook)), ...errorResponses(401, 404) },
});

const updateWebhookRoute = createRoute({
  operationId: 'updateWebhook',
  method: 'patch',
  path: '/webhooks/{id}',
  summary: 'Update a webhook',
  tags,
  security,
  request: { params: IdParam, body: jsonBody(UpdateWebhookInput) },
  responses: {
    200: jsonResponse(successEnvelope(Webhook)),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const deleteWebhookRoute = createRoute({
  operationId: 'deleteWebhook',
  method: 'delete',
  path: '/webhooks/{id}',
  summary: 'Delete a webhook and its deliveries',
  tags,
  security,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404) },
});

const listDeliveriesRoute = createRoute({
  operationId: 'listWebhookDeliveries',
  method: 'get',
  path: '/webhooks/{id}/deliveries',
  summary: 'Deliveries of a webhook with their attempts, newest first',
  tags,
  security,
  request: { params: IdParam, query: WebhookDeliveryListQuery },
  responses: {
    200: jsonResponse(listEnvelope(WebhookDelivery)),
    ...errorResponses(400, 401, 404),
  },
});

const testWebhookRoute = createRoute({
  operationId: 'testWebhook',
  method: 'post',
  path: '/webhooks/{id}/test',
  summary: 'Queue a webhook.test event',
  tags,
  security,
  request: { params: IdParam },
  responses: {
    202: jsonResponse(successEnvelope(WebhookDelivery), 'Queued'),
    ...errorResponses(401, 404),
  },
});

/** `/webhooks` CRUD, delivery history and test events; mount under `/api/v1` after tenantAuth. */
export function webhookRoutes(
  { db, cipher, config, now }: RouteDeps,
  options: WebhookRouteOptions = {},
) {
  const allowList = parseAllowList(config.outboundAllow);
  const assertDeliverable = async (url: string) => {
    const refusal = await ssrfRefusal(url, allowList, options.resolveAll);
    if (refusal) throw validationError('url', refusal);
  };

  // Resolve the id first, so a wrong id is a 404 even with a bad body or query.
  const webhookExists: MiddlewareHandler<AppEnv> = async (c, next) => {
    await getWebhookRow(db, c.var.tenantId, c.req.param('id') ?? '');
    await next();
  };
  const app = apiRouter();
  openApiRoute(app, createWebhookRoute, async (c) => {
    const input = c.req.valid('json');
    await assertDeliverable(input.url);
    const data = await createWebhook(db, cipher, c.var.tenantId, input, now());
    return c.json({ success: true as const, data }, 201);
  });
  openApiRoute(app, listWebhooksRoute, async (c) => {
    const page = await listWebhooks(db, c.var.tenantId, c.req.valid('query'));
    return c.json({ success: true as const, ...page }, 200);
  });
  openApiRoute(app, getWebhookRoute, async (c) => {
    const row = await getWebhookRow(db, c.var.tenantId, c.req.valid('param').id);
    return c.json({ success: true as const, data: toWebhook(row) }, 200);
  });
  openApiRoute(app, { ...updateWebhookRoute, middleware: [webhookExists] }, async (c) => {
    const input = c.req.valid('json');
    if (input.url !== undefined) await assertDeliverable(input.url);
    const { id } = c.req.valid('param');
    const data = await updateWebhook(db, c.var.tenantId, id, input, now());
    return c.json({ success: true as const, data }, 200);
  });
  openApiRoute(app, deleteWebhookRoute, async (c) => {
    await deleteWebhook(db, c.var.tenantId, c.req.valid('param').id);
    return c.body(null, 204);
  });
  openApiRoute(app, { ...listDeliveriesRoute, middleware: [webhookExists] }, async (c) => {
    const { id } = c.req.valid('param');
    const page = await listDeliveries(db, c.var.tenantId, id, c.req.valid('query'));
    return c.json({ success: true as const, ...page }, 200);
  });
  openApiRoute(app, testWebhookRoute, async (c) => {
    const data = await queueTestDelivery(db, c.var.tenantId, c.req.valid('param').id, now());
    return c.json({ success: true as const, data }, 202);
  });
  return app;
}
