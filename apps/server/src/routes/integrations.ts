import {
  CreateActionInput,
  CreateIntegrationInput,
  UpdateIntegrationInput,
} from '@waygate/health-core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/app-env';
import { readJson, readQuery } from '../http/validation';
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

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

export function integrationRoutes({ db, now }: RouteDeps) {
  return new Hono<AppEnv>()
    .post('/integrations', async (c) => {
      const input = await readJson(c, CreateIntegrationInput);
      return c.json(
        { success: true, data: await createIntegration(db, c.var.tenantId, input, now()) },
        201,
      );
    })
    .get('/integrations', async (c) => {
      const query = readQuery(c, ListQuery);
      return c.json({ success: true, ...(await listIntegrations(db, c.var.tenantId, query)) });
    })
    .get('/integrations/:id', async (c) => {
      const row = await getIntegrationRow(db, c.var.tenantId, c.req.param('id'));
      return c.json({ success: true, data: toIntegration(row) });
    })
    .patch('/integrations/:id', async (c) => {
      // Resolve the id first, so a wrong id is a 404 even with a bad body.
      await getIntegrationRow(db, c.var.tenantId, c.req.param('id'));
      const input = await readJson(c, UpdateIntegrationInput);
      const data = await updateIntegration(db, c.var.tenantId, c.req.param('id'), input, now());
      return c.json({ success: true, data });
    })
    .delete('/integrations/:id', async (c) => {
      await deleteIntegration(db, c.var.tenantId, c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/integrations/:id/actions', async (c) => {
      await getIntegrationRow(db, c.var.tenantId, c.req.param('id'));
      const input = await readJson(c, CreateActionInput);
      const data = await createAction(db, c.var.tenantId, c.req.param('id'), input, now());
      return c.json({ success: true, data }, 201);
    })
    .get('/integrations/:id/actions', async (c) => {
      const query = readQuery(c, ListQuery);
      return c.json({
        success: true,
        ...(await listActions(db, c.var.tenantId, c.req.param('id'), query)),
      });
    });
}
