import {
  ConnectionListQuery,
  CreateConnectionInput,
  HealthCheckListQuery,
  LatencyQuery,
  UpdateConnectionInput,
  UptimeWindow,
} from '@waygate/health-core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/app-env';
import { readJson, readQuery } from '../http/validation';
import { runManualCheck } from '../runner/manual-check';
import {
  createConnection,
  deleteConnection,
  getConnectionDetail,
  getConnectionRow,
  listConnections,
  updateConnection,
} from '../services/connections';
import { latestHealthCheck, listHealthChecks } from '../services/health-checks';
import { connectionLatency, connectionUptime } from '../services/metrics';
import type { RouteDeps } from './route-deps';

const UptimeQuery = z.strictObject({ window: UptimeWindow.default('24h') });
const EmptyBody = z.strictObject({});

export function connectionRoutes(deps: RouteDeps) {
  const { db, cipher, now } = deps;
  return new Hono<AppEnv>()
    .post('/connections', async (c) => {
      const input = await readJson(c, CreateConnectionInput);
      return c.json(
        {
          success: true,
          data: await createConnection({ db, cipher }, c.var.tenantId, input, now()),
        },
        201,
      );
    })
    .get('/connections', async (c) => {
      const query = readQuery(c, ConnectionListQuery);
      return c.json({
        success: true,
        ...(await listConnections(db, c.var.tenantId, query, now())),
      });
    })
    .get('/connections/:id', async (c) => {
      const data = await getConnectionDetail(db, c.var.tenantId, c.req.param('id'), now());
      return c.json({ success: true, data });
    })
    .patch('/connections/:id', async (c) => {
      await getConnectionRow(db, c.var.tenantId, c.req.param('id'));
      const input = await readJson(c, UpdateConnectionInput);
      const data = await updateConnection(
        { db, cipher },
        c.var.tenantId,
        c.req.param('id'),
        input,
        now(),
      );
      return c.json({ success: true, data });
    })
    .delete('/connections/:id', async (c) => {
      await deleteConnection(db, c.var.tenantId, c.req.param('id'));
      return c.body(null, 204);
    })
    .get('/connections/:id/health-checks', async (c) => {
      const row = await getConnectionRow(db, c.var.tenantId, c.req.param('id'));
      const query = readQuery(c, HealthCheckListQuery);
      return c.json({
        success: true,
        ...(await listHealthChecks(db, c.var.tenantId, row.id, query)),
      });
    })
    .post('/connections/:id/health-checks', async (c) => {
      const row = await getConnectionRow(db, c.var.tenantId, c.req.param('id'));
      await readJson(c, EmptyBody, { allowEmpty: true });
      const data = await runManualCheck(deps, c.var.tenantId, row.id);
      return c.json({ success: true, data }, 201);
    })
    .get('/connections/:id/health-checks/latest', async (c) => {
      const row = await getConnectionRow(db, c.var.tenantId, c.req.param('id'));
      return c.json({ success: true, data: await latestHealthCheck(db, c.var.tenantId, row.id) });
    })
    .get('/connections/:id/uptime', async (c) => {
      const row = await getConnectionRow(db, c.var.tenantId, c.req.param('id'));
      const { window } = readQuery(c, UptimeQuery);
      return c.json({
        success: true,
        data: await connectionUptime(db, c.var.tenantId, row.id, window, now()),
      });
    })
    .get('/connections/:id/latency', async (c) => {
      const row = await getConnectionRow(db, c.var.tenantId, c.req.param('id'));
      const { bucket, window } = readQuery(c, LatencyQuery);
      const data = await connectionLatency(db, c.var.tenantId, row.id, bucket, window, now());
      return c.json({ success: true, data });
    });
}
