import {
  CreateWebhookInput,
  listEnvelope,
  successEnvelope,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryListQuery,
  WebhookWithSecret,
} from '@waygate/health-core';
import { Hono } from 'hono';
import { z } from 'zod';
import { validationError } from '../errors';
import type { AppEnv } from '../http/app-env';
import { readJson, readQuery } from '../http/validation';
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

export const WebhookListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

export interface WebhookRouteOptions {
  /** Resolver for the creation-time SSRF check; tests inject one. */
  resolveAll?: ResolveAll;
}

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

  return new Hono<AppEnv>()
    .post('/webhooks', async (c) => {
      const input = await readJson(c, CreateWebhookInput);
      await assertDeliverable(input.url);
      const data = await createWebhook(db, cipher, c.var.tenantId, input, now());
      return c.json({ success: true, data }, 201);
    })
    .get('/webhooks', async (c) => {
      const query = readQuery(c, WebhookListQuery);
      return c.json({ success: true, ...(await listWebhooks(db, c.var.tenantId, query)) });
    })
    .get('/webhooks/:id', async (c) => {
      const row = await getWebhookRow(db, c.var.tenantId, c.req.param('id'));
      return c.json({ success: true, data: toWebhook(row) });
    })
    .patch('/webhooks/:id', async (c) => {
      // Resolve the id first, so a wrong id is a 404 even with a bad body.
      await getWebhookRow(db, c.var.tenantId, c.req.param('id'));
      const input = await readJson(c, UpdateWebhookInput);
      if (input.url !== undefined) await assertDeliverable(input.url);
      const data = await updateWebhook(db, c.var.tenantId, c.req.param('id'), input, now());
      return c.json({ success: true, data });
    })
    .delete('/webhooks/:id', async (c) => {
      await deleteWebhook(db, c.var.tenantId, c.req.param('id'));
      return c.body(null, 204);
    })
    .get('/webhooks/:id/deliveries', async (c) => {
      await getWebhookRow(db, c.var.tenantId, c.req.param('id'));
      const query = readQuery(c, WebhookDeliveryListQuery);
      const page = await listDeliveries(db, c.var.tenantId, c.req.param('id'), query);
      return c.json({ success: true, ...page });
    })
    .post('/webhooks/:id/test', async (c) => {
      const data = await queueTestDelivery(db, c.var.tenantId, c.req.param('id'), now());
      return c.json({ success: true, data }, 202);
    });
}

const idParam = z.object({ id: z.string() });

/**
 * The routes above for the OpenAPI document, in the shape of `PATHS` in src/openapi.ts
 * (spread them into it: `...WEBHOOK_OPENAPI_PATHS`).
 */
export const WEBHOOK_OPENAPI_PATHS = [
  {
    method: 'post',
    path: '/webhooks',
    summary: 'Create a webhook (its secret is returned once)',
    tag: 'Webhooks',
    body: CreateWebhookInput,
    status: 201,
    response: successEnvelope(WebhookWithSecret),
  },
  {
    method: 'get',
    path: '/webhooks',
    summary: 'List webhooks',
    tag: 'Webhooks',
    query: WebhookListQuery,
    response: listEnvelope(Webhook),
  },
  {
    method: 'get',
    path: '/webhooks/{id}',
    summary: 'Get a webhook',
    tag: 'Webhooks',
    params: idParam,
    response: successEnvelope(Webhook),
  },
  {
    method: 'patch',
    path: '/webhooks/{id}',
    summary: 'Update a webhook',
    tag: 'Webhooks',
    params: idParam,
    body: UpdateWebhookInput,
    response: successEnvelope(Webhook),
  },
  {
    method: 'delete',
    path: '/webhooks/{id}',
    summary: 'Delete a webhook and its deliveries',
    tag: 'Webhooks',
    params: idParam,
    status: 204,
    response: null,
  },
  {
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    summary: 'Deliveries of a webhook with their attempts, newest first',
    tag: 'Webhooks',
    params: idParam,
    query: WebhookDeliveryListQuery,
    response: listEnvelope(WebhookDelivery),
  },
  {
    method: 'post',
    path: '/webhooks/{id}/test',
    summary: 'Queue a webhook.test event',
    tag: 'Webhooks',
    params: idParam,
    status: 202,
    response: successEnvelope(WebhookDelivery),
  },
] as const;
