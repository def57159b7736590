// The resource factories without response validation; `validated.ts` wraps each for the main entry.
export { createActionsResource } from './actions';
export { createBadgeTokensResource } from './badge-tokens';
export { createConnectionsResource } from './connections';
export { createEventsResource } from './events';
export { createHealthChecksResource } from './health-checks';
export { createIntegrationsResource } from './integrations';
export { createInternalResource } from './internal';
export { createLatency } from './latency';
export { createMaintenanceWindowsResource } from './maintenance-windows';
export { createNotificationChannelsResource } from './notification-channels';
export { createReportsResource } from './reports';
export { createSummary } from './summary';
export { createUptime } from './uptime';
export { createWebhooksResource } from './webhooks';
