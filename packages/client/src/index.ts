// `@waygate/health-client`: every response is parsed with `@waygate/health-core`'s zod schemas.
export * from './public';
export {
  createActionsResource,
  createBadgeTokensResource,
  createConnectionsResource,
  createEventsResource,
  createHealthChecksResource,
  createHealthClient,
  createIntegrationsResource,
  createInternalResource,
  createLatency,
  createMaintenanceWindowsResource,
  createNotificationChannelsResource,
  createReportsResource,
  createSummary,
  createUptime,
  createWebhooksResource,
} from './validated';
