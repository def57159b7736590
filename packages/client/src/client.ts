import type { HealthClientOptions } from './options';
import { createActionsResource } from './resources/actions';
import { createBadgeTokensResource } from './resources/badge-tokens';
import { createConnectionsResource } from './resources/connections';
import { createEventsResource } from './resources/events';
import { createHealthChecksResource } from './resources/health-checks';
import { createIntegrationsResource } from './resources/integrations';
import { createInternalResource } from './resources/internal';
import { createLatency } from './resources/latency';
import { createReportsResource } from './resources/reports';
import { createSummary } from './resources/summary';
import { createUptime } from './resources/uptime';
import { createTransport, type Transport } from './transport';

/**
 * The whole API in one object, on `transport`. Every method returns the envelope's `data`
 * (lists return `{ data, pagination }`); timestamps stay ISO-8601 strings exactly as the server
 * sent them. Whether `data` is parsed with core's schemas depends on the transport: the main
 * entry gives a validating one, `@waygate/health-client/unvalidated` the plain one.
 *
 * Bundle-size note: this pulls in every resource but webhooks and alerts. To ship one resource
 * only, combine `createTransport` with that resource's factory (e.g.
 * `createHealthChecksResource`). Webhook administration is opt-in the same way
 * (`createWebhooksResource`): its schemas would push the validating client past its budget
 * for apps that only read health.
 */
export const healthClientOn = (transport: Transport, options: HealthClientOptions) => ({
  connections: createConnectionsResource(transport),
  integrations: createIntegrationsResource(transport),
  actions: createActionsResource(transport),
  healthChecks: createHealthChecksResource(
    transport,
    options.triggerTimeoutMs === undefined ? {} : { triggerTimeoutMs: options.triggerTimeoutMs },
  ),
  events: createEventsResource(transport),
  summary: createSummary(transport),
  uptime: createUptime(transport),
  latency: createLatency(transport),
  internal: createInternalResource(transport),
  badgeTokens: createBadgeTokensResource(transport),
  reports: createReportsResource(transport),
});

/** The client of both entries: same methods, same types; only response validation differs. */
export type HealthClient = ReturnType<typeof healthClientOn>;

/**
 * The client of `@waygate/health-client/unvalidated`: responses are returned as the server
 * sent them (JSON parsed, envelope checked), without zod or core's schemas in the bundle.
 */
export const createUnvalidatedHealthClient = (options: HealthClientOptions): HealthClient =>
  healthClientOn(createTransport(options), options);
