// `@waygate/health-client/unvalidated`: the same API, but responses are returned as the server
// sent them (JSON parsed, envelope checked) without zod or core's schemas, for small bundles.
export { createUnvalidatedHealthClient as createHealthClient } from './client';
export * from './public';
export {
  createActionsResource,
  createBadgeTokensResource,
  createConnectionsResource,
  createEventsResource,
  createHealthChecksResource,
  createIntegrationsResource,
  createInternalResource,
  createLatency,
  createMaintenanceWindowsResource,
  createNotificationChannelsResource,
  createReportsResource,
  createSummary,
  createUptime,
  createWebhooksResource,
} from './resources';
