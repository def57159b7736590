import { createRoute } from '@hono/zod-openapi';
import {
  CreateNotificationChannelInput,
  listEnvelope,
  NotificationChannel,
  NotificationMessage,
  NotificationMessageListQuery,
  NotificationTestResult,
  PageQuery,
  successEnvelope,
  UpdateNotificationChannelInput,
} from '@waygate/health-core';
import { z } from 'zod';
import {
  apiRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  openApiRoute,
  SECURITY,
} from '../http/openapi-route';
import { assertDeliverable } from '../notifications/channel-guard';
import {
  createChannel,
  deleteChannel,
  getChannelRow,
  listChannels,
  listMessages,
  toNotificationChannel,
  updateChannel,
} from '../notifications/channel-service';
import {
  loadNotificationConfig,
  type NotificationConfig,
} from '../notifications/notification-config';
import { sendTestMessage } from '../notifications/test-message';
import { parseAllowList } from '../outbound/allow-list';
import type { ResolveAll } from '../outbound/guarded-lookup';
import type { RouteDeps } from './route-deps';

const IdParam = z.object({ id: z.string() });
const tags = ['Alerts'];
const security = SECURITY.apiKey;

const createChannelRoute = createRoute({
  operationId: 'createNotificationChannel',
  method: 'post',
  path: '/notification-channels',
  summary: 'Create a notification channel (secrets are write-only)',
  tags,
  security,
  request: { body: jsonBody(CreateNotificationChannelInput) },
  responses: {
    201: jsonResponse(successEnvelope(NotificationChannel), 'Created'),
    ...errorResponses(400, 401, 409, 413, 415),
  },
});

const listChannelsRoute = createRoute({
  operationId: 'listNotificationChannels',
  method: 'get',
  path: '/notification-channels',
  summary: 'List notification channels, newest first',
  tags,
  security,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(listEnvelope(NotificationChannel)), ...errorResponses(400, 401) },
});

const getChannelRoute = createRoute({
  operationId: 'getNotificationChannel',
  method: 'get',
  path: '/notification-channels/{id}',
  summary: 'Get a notification channel',
  tags,
  security,
  request: { params: IdParam },
  responses: {
    200: jsonResponse(successEnvelope(NotificationChannel)),
    ...errorResponses(401, 404),
  },
});

const updateChannelRoute = createRoute({
  operationId: 'updateNotificationChannel',
  method: 'patch',
  path: '/notification-channels/{id}',
  summary: 'Update a notification channel (config is replaced whole)',
  tags,
  security,
  request: { params: IdParam, body: jsonBody(UpdateNotificationChannelInput) },
  responses: {
    200: jsonResponse(successEnvelope(NotificationChannel)),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const deleteChannelRoute = createRoute({
  operationId: 'deleteNotificationChannel',
  method: 'delete',
  path: '/notification-channels/{id}',
  summary: 'Delete a notification channel and its messages',
  tags,
  security,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404) },
});

const testChannelRoute = createRoute({
  operationId: 'testNotificationChannel',
  method: 'post',
  path: '/notification-channels/{id}/test',
  summary: 'Send a sample message now and answer with the outcome',
  tags,
  security,
  request: { params: IdParam },
  responses: {
    200: jsonResponse(successEnvelope(NotificationTestResult)),
    ...errorResponses(401, 404),
  },
});

const listMessagesRoute = createRoute({
  operationId: 'listNotificationMessages',
  method: 'get',
  path: '/notification-channels/{id}/messages',
  summary: 'Messages of a channel with their attempts, newest first',
  tags,
  security,
  request: { params: IdParam, query: NotificationMessageListQuery },
  responses: {
    200: jsonResponse(listEnvelope(NotificationMessage)),
    ...errorResponses(400, 401, 404),
  },
});

export interface NotificationChannelRouteOptions {
  /** Resolver for the SSRF guard (creation and test sends); tests inject one. */
  resolveAll?: ResolveAll;
  /** Default: read from the environment (`WAYGATE_SMTP_URL`, `WAYGATE_PAGERDUTY_URL`, …). */
  notificationConfig?: NotificationConfig;
}

/** `/notification-channels` CRUD, test sends and message history; mount after tenantAuth. */
export function notificationChannelRoutes(
  { db, cipher, config, now }: RouteDeps,
  options: NotificationChannelRouteOptions = {},
) {
  const allowList = parseAllowList(config.outboundAllow);
  const notify = options.notificationConfig ?? loadNotificationConfig();
  const guard = { allowList, notify, resolveAll: options.resolveAll };
  const app = apiRouter();

  openApiRoute(app, createChannelRoute, async (c) => {
    const input = c.req.valid('json');
    await assertDeliverable(input.type, input.config, guard);
    const data = await createChannel(db, cipher, c.var.tenantId, input, now());
    return c.json({ success: true as const, data }, 201);
  });
  openApiRoute(app, listChannelsRoute, async (c) => {
    const page = await listChannels(db, c.var.tenantId, c.req.valid('query'));
    return c.json({ success: true as const, ...page }, 200);
  });
  openApiRoute(app, getChannelRoute, async (c) => {
    const row = await getChannelRow(db, c.var.tenantId, c.req.valid('param').id);
    return c.json({ success: true as const, data: toNotificationChannel(row) }, 200);
  });
  openApiRoute(app, updateChannelRoute, async (c) => {
    const current = await getChannelRow(db, c.var.tenantId, c.req.valid('param').id);
    const data = await updateChannel(
      db,
      cipher,
      c.var.tenantId,
      current,
      c.req.valid('json'),
      now(),
      { beforeWrite: (next) => assertDeliverable(current.type, next, guard) },
    );
    return c.json({ success: true as const, data }, 200);
  });
  openApiRoute(app, deleteChannelRoute, async (c) => {
    await deleteChannel(db, c.var.tenantId, c.req.valid('param').id);
    return c.body(null, 204);
  });
  openApiRoute(app, testChannelRoute, async (c) => {
    const channel = await getChannelRow(db, c.var.tenantId, c.req.valid('param').id);
    const senderOptions = {
      allowList,
      config: notify,
      outboundAllow: config.outboundAllow,
      resolveAll: options.resolveAll,
    };
    const data = await sendTestMessage(db, cipher, senderOptions, channel, now());
    return c.json({ success: true as const, data }, 200);
  });
  openApiRoute(app, listMessagesRoute, async (c) => {
    const channel = await getChannelRow(db, c.var.tenantId, c.req.valid('param').id);
    const page = await listMessages(db, c.var.tenantId, channel.id, c.req.valid('query'));
    return c.json({ success: true as const, ...page }, 200);
  });
  return app;
}
