import { HealthEventListQuery } from '@waygate/health-core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/app-env';
import { readQuery } from '../http/validation';
import { healthSummary, listHealthEvents } from '../services/metrics';
import type { RouteDeps } from './route-deps';

export const SummaryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(100),
});

export function healthRoutes({ db, now }: RouteDeps) {
  return new Hono<AppEnv>()
    .get('/health-checks/summary', async (c) => {
      const { limit } = readQuery(c, SummaryQuery);
      return c.json({ success: true, data: await healthSummary(db, c.var.tenantId, limit, now()) });
    })
    .get('/health-events', async (c) => {
      const query = readQuery(c, HealthEventListQuery);
      return c.json({ success: true, ...(await listHealthEvents(db, c.var.tenantId, query)) });
    });
}
