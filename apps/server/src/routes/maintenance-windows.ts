import { createRoute } from '@hono/zod-openapi';
import {
  CreateMaintenanceWindowInput,
  listEnvelope,
  MaintenanceWindow,
  PageQuery,
  successEnvelope,
  UpdateMaintenanceWindowInput,
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
import {
  createMaintenanceWindow,
  deleteMaintenanceWindow,
  getMaintenanceWindowRow,
  listMaintenanceWindows,
  toMaintenanceWindow,
  updateMaintenanceWindow,
} from '../notifications/maintenance/maintenance-service';
import type { RouteDeps } from './route-deps';

const IdParam = z.object({ id: z.string() });
const tags = ['Alerts'];
const security = SECURITY.apiKey;

const createWindowRoute = createRoute({
  operationId: 'createMaintenanceWindow',
  method: 'post',
  path: '/maintenance-windows',
  summary: 'Create a one-off or recurring (RRULE) maintenance window',
  tags,
  security,
  request: { body: jsonBody(CreateMaintenanceWindowInput) },
  responses: {
    201: jsonResponse(successEnvelope(MaintenanceWindow), 'Created'),
    ...errorResponses(400, 401, 409, 413, 415),
  },
});

const listWindowsRoute = createRoute({
  operationId: 'listMaintenanceWindows',
  method: 'get',
  path: '/maintenance-windows',
  summary: 'List maintenance windows, newest first',
  tags,
  security,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(listEnvelope(MaintenanceWindow)), ...errorResponses(400, 401) },
});

const getWindowRoute = createRoute({
  operationId: 'getMaintenanceWindow',
  method: 'get',
  path: '/maintenance-windows/{id}',
  summary: 'Get a maintenance window with its current or next occurrence',
  tags,
  security,
  request: { params: IdParam },
  responses: {
    200: jsonResponse(successEnvelope(MaintenanceWindow)),
    ...errorResponses(401, 404),
  },
});

const updateWindowRoute = createRoute({
  operationId: 'updateMaintenanceWindow',
  method: 'patch',
  path: '/maintenance-windows/{id}',
  summary: 'Update a maintenance window (null clears a field)',
  tags,
  security,
  request: { params: IdParam, body: jsonBody(UpdateMaintenanceWindowInput) },
  responses: {
    200: jsonResponse(successEnvelope(MaintenanceWindow)),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const deleteWindowRoute = createRoute({
  operationId: 'deleteMaintenanceWindow',
  method: 'delete',
  path: '/maintenance-windows/{id}',
  summary: 'Delete a maintenance window',
  tags,
  security,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404) },
});

/** `/maintenance-windows` CRUD; mount after tenantAuth. */
export function maintenanceWindowRoutes({ db, now }: RouteDeps) {
  const app = apiRouter();
  openApiRoute(app, createWindowRoute, async (c) => {
    const data = await createMaintenanceWindow(db, c.var.tenantId, c.req.valid('json'), now());
    return c.json({ success: true as const, data }, 201);
  });
  openApiRoute(app, listWindowsRoute, async (c) => {
    const page = await listMaintenanceWindows(db, c.var.tenantId, c.req.valid('query'), now());
    return c.json({ success: true as const, ...page }, 200);
  });
  openApiRoute(app, getWindowRoute, async (c) => {
    const row = await getMaintenanceWindowRow(db, c.var.tenantId, c.req.valid('param').id);
    return c.json({ success: true as const, data: toMaintenanceWindow(row, now()) }, 200);
  });
  openApiRoute(app, updateWindowRoute, async (c) => {
    const current = await getMaintenanceWindowRow(db, c.var.tenantId, c.req.valid('param').id);
    const data = await updateMaintenanceWindow(
      db,
      c.var.tenantId,
      current,
      c.req.valid('json'),
      now(),
    );
    return c.json({ success: true as const, data }, 200);
  });
  openApiRoute(app, deleteWindowRoute, async (c) => {
    await deleteMaintenanceWindow(db, c.var.tenantId, c.req.valid('param').id);
    return c.body(null, 204);
  });
  return app;
}
