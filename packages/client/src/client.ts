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
import { createTransport } from './transport';

/**
 * The whole API in one object. Every method returns the envelope's `data` (lists return
 * `{ data, pagination }`), parsed with `@waygate/health-core`'s schemas; timestamps stay
 * ISO-8601 strings exactly as the server sent them.
 *
 * Bundle-size note: this pulls in every resource but webhooks. To ship one resource only,
 * combine `createTransport` with that resource's factory (e.g. `createHealthChecksResource`).
 * Webhook administration is opt-in the same way (`createWebhooksResource`): its schemas
 * would push this client past its 6 kB budget for apps that only read health.
 */
export const createHealthClient = (options: HealthClientOptions) => {
  const transport = createTransport(options);
  return {
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
  };
};

export type HealthClient = ReturnType<typeof createHealthClient>;
