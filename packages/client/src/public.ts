// What both entries export alike: errors, options, pagination, the transport, resource types.
// `index.ts` adds the validating factories, `unvalidated.ts` the plain ones, under the same names.
export type { HealthClient } from './client';
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
export type { ActionsResource } from './resources/actions';
export { type BadgeTokensResource, badgeMarkdown } from './resources/badge-tokens';
export type { ConnectionQuery, ConnectionsResource } from './resources/connections';
export type { EventQuery, EventsResource } from './resources/events';
export {
  type HealthCheckQuery,
  type HealthChecksResource,
  TRIGGER_TIMEOUT_MS,
} from './resources/health-checks';
export type { IntegrationsResource } from './resources/integrations';
export type { InternalResource, SweepSummary } from './resources/internal';
export type { LatencyOptions } from './resources/latency';
export type { MaintenanceWindowsResource } from './resources/maintenance-windows';
export type { NotificationChannelsResource } from './resources/notification-channels';
export type { ReportsResource, UptimeReportOptions } from './resources/reports';
export type { SummaryQuery } from './resources/summary';
export type { WebhookDeliveryQuery, WebhooksResource } from './resources/webhooks';
export type { ExpectedBody, ResponseKey, ResponseTypes } from './responses';
export {
  createTransport,
  DEFAULT_TIMEOUT_MS,
  type Transport,
  type TransportRequest,
} from './transport';
