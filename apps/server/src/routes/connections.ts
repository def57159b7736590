import { createRoute } from '@hono/zod-openapi';
import {
  Connection,
  ConnectionDetail,
  ConnectionListQuery,
  CreateConnectionInput,
  HealthCheck,
  HealthCheckListQuery,
  LatencyQuery,
  LatencySeries,
  listEnvelope,
  successEnvelope,
  UpdateConnectionInput,
  Uptime,
  UptimeQuery,
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
import {
  type ConnectionRow,
  createConnection,
  deleteConnection,
  getConnectionDetail,
  getConnectionRow,
  listConnections,
  updateConnection,
} from '../services/connections';
import { latestHealthCheck, listHealthChecks } from '../services/health-checks';
import { runManualCheck } from '../services/manual-checks';
import { connectionLatency, connectionUptime } from '../services/metrics';
import type { RouteDeps } from './route-deps';

/** Routes under `/connections/{id}` see the connection, read once per request by middleware. */
interface ConnectionEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { connection: ConnectionRow };
}

const IdParam = z.object({ id: z.string() });
const security = SECURITY.apiKey;
const tags = ['Connections'];
const checkTags = ['Health checks'];

const createConnectionRoute = createRoute({
  operationId: 'createConnection',
  method: 'post',
  path: '/connections',
  summary: 'Create a connection (credentials are write-only)',
  tags,
  security,
  request: { body: jsonBody(CreateConnectionInput) },
  responses: {
    201: jsonResponse(successEnvelope(Connection), 'Created'),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const listConnectionsRoute = createRoute({
  operationId: 'listConnections',
  method: 'get',
  path: '/connections',
  summary: 'List connections with their health status, newest first',
  tags,
  security,
  request: { query: ConnectionListQuery },
  responses: { 200: jsonResponse(listEnvelope(Connection)), ...errorResponses(400, 401) },
});

const getConnectionRoute = createRoute({
  operationId: 'getConnection',
  method: 'get',
  path: '/connections/{id}',
  summary: 'Get a connection with its health summary and last check',
  tags,
  security,
  request: { params: IdParam },
  responses: { 200: jsonResponse(successEnvelope(ConnectionDetail)), ...errorResponses(401, 404) },
});

const updateConnectionRoute = createRoute({
  operationId: 'updateConnection',
  method: 'patch',
  path: '/connections/{id}',
  summary: 'Update a connection',
  tags,
  security,
  request: { params: IdParam, body: jsonBody(UpdateConnectionInput) },
  responses: {
    200: jsonResponse(successEnvelope(Connection)),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const deleteConnectionRoute = createRoute({
  operationId: 'deleteConnection',
  method: 'delete',
  path: '/connections/{id}',
  summary: 'Delete a connection and its history',
  tags,
  security,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404) },
});

const listHealthChecksRoute = createRoute({
  operationId: 'listHealthChecks',
  method: 'get',
  path: '/connections/{id}/health-checks',
  summary: 'Health check history, newest first',
  tags: checkTags,
  security,
  request: { params: IdParam, query: HealthCheckListQuery },
  responses: { 200: jsonResponse(listEnvelope(HealthCheck)), ...errorResponses(400, 401, 404) },
});

const triggerHealthCheckRoute = createRoute({
  operationId: 'triggerHealthCheck',
  method: 'post',
  path: '/connections/{id}/health-checks',
  summary: 'Run a manual health check now',
  tags: checkTags,
  security,
  request: { params: IdParam, body: jsonBody(z.strictObject({}), { required: false }) },
  responses: {
    201: jsonResponse(successEnvelope(HealthCheck), 'Checked'),
    ...errorResponses(400, 401, 404, 413, 415, 429),
  },
});

const getLatestHealthCheckRoute = createRoute({
  operationId: 'getLatestHealthCheck',
  method: 'get',
  path: '/connections/{id}/health-checks/latest',
  summary: 'The most recent health check (null when none)',
  tags: checkTags,
  security,
  request: { params: IdParam },
  responses: {
    200: jsonResponse(successEnvelope(HealthCheck.nullable())),
    ...errorResponses(401, 404),
  },
});

const getUptimeRoute = createRoute({
  operationId: 'getConnectionUptime',
  method: 'get',
  path: '/connections/{id}/uptime',
  summary: 'Uptime over 24h, 7d or 30d',
  tags: checkTags,
  security,
  request: { params: IdParam, query: UptimeQuery },
  responses: { 200: jsonResponse(successEnvelope(Uptime)), ...errorResponses(400, 401, 404) },
});

const getLatencyRoute = createRoute({
  operationId: 'getConnectionLatency',
  method: 'get',
  path: '/connections/{id}/latency',
  summary: 'Test-action latency per hour or day',
  tags: checkTags,
  security,
  request: { params: IdParam, query: LatencyQuery },
  responses: {
    200: jsonResponse(successEnvelope(LatencySeries)),
    ...errorResponses(400, 401, 404),
  },
});

export function connectionRoutes(deps: RouteDeps) {
  const { db, cipher, now } = deps;
  const app = apiRouter();
  openApiRoute(app, createConnectionRoute, async (c) => {
    const data = await createConnection({ db, cipher }, c.var.tenantId, c.req.valid('json'), now());
    return c.json({ success: true as const, data }, 201);
  });
  openApiRoute(app, listConnectionsRoute, async (c) => {
    const page = await listConnections(db, c.var.tenantId, c.req.valid('query'), now());
    return c.json({ success: true as const, ...page }, 200);
  });

  // Everything under /connections/{id}: the row is read once, here, before any body or query is
  // judged (a wrong id is a 404 whatever else is wrong), and handlers use `c.var.connection`.
  const item = apiRouter<ConnectionEnv>();
  const loadConnection: MiddlewareHandler<ConnectionEnv> = async (c, next) => {
    c.set('connection', await getConnectionRow(db, c.var.tenantId, c.req.param('id') ?? ''));
    await next();
  };
  item.use('/connections/:id', loadConnection);
  item.use('/connections/:id/*', loadConnection);
  openApiRoute(item, getConnectionRoute, async (c) => {
    const data = await getConnectionDetail(db, c.var.connection, now());
    return c.json({ success: true as const, data }, 200);
  });
  openApiRoute(item, updateConnectionRoute, async (c) => {
    const data = await updateConnection(
      { db, cipher },
      c.var.connection,
      c.req.valid('json'),
      now(),
    );
    return c.json({ success: true as const, data }, 200);
  });
  openApiRoute(item, deleteConnectionRoute, async (c) => {
    await deleteConnection(db, c.var.connection);
    return c.body(null, 204);
  });
  openApiRoute(item, listHealthChecksRoute, async (c) => {
    const { id, tenant_id } = c.var.connection;
    const page = await listHealthChecks(db, tenant_id, id, c.req.valid('query'));
    return c.json({ success: true as const, ...page }, 200);
  });
  openApiRoute(item, triggerHealthCheckRoute, async (c) => {
    const { id, tenant_id } = c.var.connection;
    const data = await runManualCheck(deps, tenant_id, id);
    return c.json({ success: true as const, data }, 201);
  });
  openApiRoute(item, getLatestHealthCheckRoute, async (c) => {
    const { id, tenant_id } = c.var.connection;
    return c.json(
      { success: true as const, data: await latestHealthCheck(db, tenant_id, id) },
      200,
    );
  });
  openApiRoute(item, getUptimeRoute, async (c) => {
    const { id, tenant_id } = c.var.connection;
    const { window } = c.req.valid('query');
    const data = await connectionUptime(db, tenant_id, id, window, now());
    return c.json({ success: true as const, data }, 200);
  });
  openApiRoute(item, getLatencyRoute, async (c) => {
    const { id, tenant_id } = c.var.connection;
    const { bucket, window } = c.req.valid('query');
    const data = await connectionLatency(db, tenant_id, id, bucket, window, now());
    return c.json({ success: true as const, data }, 200);
  });
  app.route('/', item);
  return app;
}
