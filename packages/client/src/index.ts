export { createHealthClient, type HealthClient } from './client';
export {
  type ApiErrorDetails,
  HealthApiError,
  type HealthApiErrorInit,
  HealthClientError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  type ResponseIssue,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
} from './errors';
export type { FetchLike, HealthClientOptions, RequestOptions, RetryOptions } from './options';
export { type ListQuery, type Page, type PageQuery, paginate } from './pagination';
export { type ActionsResource, createActionsResource } from './resources/actions';
export {
  type BadgeTokensResource,
  badgeMarkdown,
  createBadgeTokensResource,
} from './resources/badge-tokens';
export {
  type ConnectionQuery,
  type ConnectionsResource,
  createConnectionsResource,
} from './resources/connections';
export { createEventsResource, type EventQuery, type EventsResource } from './resources/events';
export {
  createHealthChecksResource,
  type HealthCheckQuery,
  type HealthChecksResource,
  TRIGGER_TIMEOUT_MS,
} from './resources/health-checks';
export { createIntegrationsResource, type IntegrationsResource } from './resources/integrations';
export {
  createInternalResource,
  type InternalResource,
  type SweepSummary,
} from './resources/internal';
export { createLatency, type LatencyOptions } from './resources/latency';
export {
  createMaintenanceWindowsResource,
  type MaintenanceWindowsResource,
} from './resources/maintenance-windows';
export {
  createNotificationChannelsResource,
  type NotificationChannelsResource,
} from './resources/notification-channels';
export {
  createReportsResource,
  type ReportsResource,
  type UptimeReportOptions,
} from './resources/reports';
export { createSummary, type SummaryQuery } from './resources/summary';
export { createUptime } from './resources/uptime';
export {
  createWebhooksResource,
  type WebhookDeliveryQuery,
  type WebhooksResource,
} from './resources/webhooks';
export {
  createTransport,
  DEFAULT_TIMEOUT_MS,
  type Transport,
  type TransportRequest,
} from './transport';
