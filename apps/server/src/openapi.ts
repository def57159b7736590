import { OpenAPIHono } from '@hono/zod-openapi';
import {
  Action,
  Connection,
  ConnectionDetail,
  ConnectionListQuery,
  CreateActionInput,
  CreateConnectionInput,
  CreateIntegrationInput,
  ErrorEnvelope,
  HealthCheck,
  HealthCheckListQuery,
  HealthEvent,
  HealthEventListQuery,
  HealthSummary,
  Integration,
  LatencyQuery,
  LatencySeries,
  listEnvelope,
  successEnvelope,
  UpdateConnectionInput,
  UpdateIntegrationInput,
  Uptime,
  UptimeWindow,
} from '@waygate/health-core';
import { z } from 'zod';
import { SummaryQuery } from './routes/health';
import { ListQuery } from './routes/integrations';
import { WEBHOOK_OPENAPI_PATHS } from './routes/webhooks';

type Method = 'get' | 'post' | 'patch' | 'delete';

interface PathSpec {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  status?: number;
  response?: z.ZodType | null;
  auth?: 'tenant' | 'cron' | 'none';
}

const id = (name: string) => z.object({ [name]: z.string() });

const PATHS: PathSpec[] = [
  {
    method: 'post',
    path: '/integrations',
    summary: 'Create an integration',
    tag: 'Integrations',
    body: CreateIntegrationInput,
    status: 201,
    response: successEnvelope(Integration),
  },
  {
    method: 'get',
    path: '/integrations',
    summary: 'List integrations',
    tag: 'Integrations',
    query: ListQuery,
    response: listEnvelope(Integration),
  },
  {
    method: 'get',
    path: '/integrations/{id}',
    summary: 'Get an integration',
    tag: 'Integrations',
    params: id('id'),
    response: successEnvelope(Integration),
  },
  {
    method: 'patch',
    path: '/integrations/{id}',
    summary: 'Update an integration (healthCheckConfig merged)',
    tag: 'Integrations',
    params: id('id'),
    body: UpdateIntegrationInput,
    response: successEnvelope(Integration),
  },
  {
    method: 'delete',
    path: '/integrations/{id}',
    summary: 'Delete an integration without connections',
    tag: 'Integrations',
    params: id('id'),
    status: 204,
    response: null,
  },
  {
    method: 'post',
    path: '/integrations/{id}/actions',
    summary: 'Create an action',
    tag: 'Actions',
    params: id('id'),
    body: CreateActionInput,
    status: 201,
    response: successEnvelope(Action),
  },
  {
    method: 'get',
    path: '/integrations/{id}/actions',
    summary: 'List the actions of an integration',
    tag: 'Actions',
    params: id('id'),
    query: ListQuery,
    response: listEnvelope(Action),
  },
  {
    method: 'post',
    path: '/connections',
    summary: 'Create a connection (credentials are write-only)',
    tag: 'Connections',
    body: CreateConnectionInput,
    status: 201,
    response: successEnvelope(Connection),
  },
  {
    method: 'get',
    path: '/connections',
    summary: 'List connections with their health status',
    tag: 'Connections',
    query: ConnectionListQuery,
    response: listEnvelope(Connection),
  },
  {
    method: 'get',
    path: '/connections/{id}',
    summary: 'Get a connection with its health summary and last check',
    tag: 'Connections',
    params: id('id'),
    response: successEnvelope(ConnectionDetail),
  },
  {
    method: 'patch',
    path: '/connections/{id}',
    summary: 'Update a connection',
    tag: 'Connections',
    params: id('id'),
    body: UpdateConnectionInput,
    response: successEnvelope(Connection),
  },
  {
    method: 'delete',
    path: '/connections/{id}',
    summary: 'Delete a connection and its history',
    tag: 'Connections',
    params: id('id'),
    status: 204,
    response: null,
  },
  {
    method: 'get',
    path: '/connections/{id}/health-checks',
    summary: 'Health check history, newest first',
    tag: 'Health checks',
    params: id('id'),
    query: HealthCheckListQuery,
    response: listEnvelope(HealthCheck),
  },
  {
    method: 'post',
    path: '/connections/{id}/health-checks',
    summary: 'Run a manual health check now',
    tag: 'Health checks',
    params: id('id'),
    status: 201,
    response: successEnvelope(HealthCheck),
  },
  {
    method: 'get',
    path: '/connections/{id}/health-checks/latest',
    summary: 'The most recent health check (null when none)',
    tag: 'Health checks',
    params: id('id'),
    response: successEnvelope(HealthCheck.nullable()),
  },
  {
    method: 'get',
    path: '/connections/{id}/uptime',
    summary: 'Uptime over 24h, 7d or 30d',
    tag: 'Health checks',
    params: id('id'),
    query: z.object({ window: UptimeWindow.optional() }),
    response: successEnvelope(Uptime),
  },
  {
    method: 'get',
    path: '/connections/{id}/latency',
    summary: 'Test-action latency per hour or day',
    tag: 'Health checks',
    params: id('id'),
    query: LatencyQuery,
    response: successEnvelope(LatencySeries),
  },
  {
    method: 'get',
    path: '/health-checks/summary',
    summary: 'Tenant-wide health summary',
    tag: 'Health checks',
    query: SummaryQuery,
    response: successEnvelope(HealthSummary),
  },
  {
    method: 'get',
    path: '/health-events',
    summary: 'Health status changes, newest first',
    tag: 'Health checks',
    query: HealthEventListQuery,
    response: listEnvelope(HealthEvent),
  },
  {
    method: 'post',
    path: '/internal/health-checks',
    summary: 'Cron: run one sweep (Bearer CRON_SECRET)',
    tag: 'Internal',
    auth: 'cron',
    response: successEnvelope(z.record(z.string(), z.unknown())),
  },
  ...WEBHOOK_OPENAPI_PATHS,
];

/** OpenAPI 3.1, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(): unknown {
  const doc = new OpenAPIHono();
  const registry = doc.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer' });
  registry.registerComponent('securitySchemes', 'cronSecret', { type: 'http', scheme: 'bearer' });
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: ErrorEnvelope } },
  });
  for (const spec of PATHS) {
    const status = spec.status ?? 200;
    registry.registerPath({
      method: spec.method,
      path: `/api/v1${spec.path}`,
      summary: spec.summary,
      tags: [spec.tag],
      security: spec.auth === 'cron' ? [{ cronSecret: [] }] : [{ apiKey: [] }],
      request: {
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.body
          ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } }
          : {}),
      },
      responses: {
        [status]: spec.response
          ? { description: 'OK', content: { 'application/json': { schema: spec.response } } }
          : { description: 'No content' },
        400: errorResponse('Invalid input (VALIDATION_ERROR, INVALID_JSON, INVALID_CURSOR)'),
        401: errorResponse('Missing or invalid API key'),
        404: errorResponse('Not found (ids of other tenants included)'),
        ...(spec.body ? { 413: errorResponse('Body larger than 64 KiB') } : {}),
        ...(spec.method === 'post' && spec.path.endsWith('/health-checks') && spec.auth !== 'cron'
          ? { 429: errorResponse('Manual check limit reached (Retry-After)') }
          : {}),
      },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/livez',
    summary: 'Liveness: the process answers (no database)',
    tags: ['System'],
    responses: { 200: { description: 'OK' } },
  });
  for (const path of ['/readyz', '/healthz']) {
    registry.registerPath({
      method: 'get',
      path,
      summary: 'Readiness: database reachable and not draining',
      tags: ['System'],
      responses: {
        200: { description: 'Ready' },
        503: { description: 'Database unavailable, or draining on shutdown' },
      },
    });
  }
  return doc.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Waygate Health API',
      version: '0.1.0',
      description: 'Scheduled health checks for API-integration connections.',
    },
  });
}
