import type {
  Action,
  BadgeToken,
  Connection,
  ConnectionDetail,
  HealthCheck,
  HealthEvent,
  HealthSummary,
  Integration,
  LatencySeries,
  MaintenanceWindow,
  NotificationChannel,
  NotificationMessage,
  NotificationTestResult,
  SweepSummary,
  Uptime,
  UptimeReport,
  Webhook,
  WebhookDelivery,
  WebhookWithSecret,
} from '@waygate/health-core';

/**
 * What the `data` of each response is, by the name of core's schema. Types only: resources name
 * what they expect (`'HealthCheck'`) instead of importing the schema, so a client that does not
 * validate (`@waygate/health-client/unvalidated`) ships neither zod nor core's schemas, and the
 * validating one looks the schema up by that name (see `validation.ts`).
 */
export interface ResponseTypes {
  Action: Action;
  BadgeToken: BadgeToken;
  Connection: Connection;
  ConnectionDetail: ConnectionDetail;
  HealthCheck: HealthCheck;
  HealthEvent: HealthEvent;
  HealthSummary: HealthSummary;
  Integration: Integration;
  LatencySeries: LatencySeries;
  MaintenanceWindow: MaintenanceWindow;
  NotificationChannel: NotificationChannel;
  NotificationMessage: NotificationMessage;
  NotificationTestResult: NotificationTestResult;
  SweepSummary: SweepSummary;
  Uptime: Uptime;
  UptimeReport: UptimeReport;
  Webhook: Webhook;
  WebhookDelivery: WebhookDelivery;
  WebhookWithSecret: WebhookWithSecret;
}

export type ResponseKey = keyof ResponseTypes;

/**
 * The body a request expects. Every client checks the envelope without zod (`success: true`,
 * `data` present, `pagination` well formed, the media type of a text body); a validating client
 * also parses `data` with core's schema of that name.
 */
export type ExpectedBody =
  /** `{ success: true, data: item }` (`data` may be `null` when `nullable`). */
  | { envelope: 'one'; item: ResponseKey; nullable?: boolean }
  /** `{ success: true, data: item[], pagination: { hasMore, cursor } }`. */
  | { envelope: 'many'; item: ResponseKey }
  /** 204 with no body, or `{ success: true, … }` whose `data` is not needed (DELETE). */
  | { envelope: 'ack' }
  /** A body that is not JSON, returned as text; its `content-type` must start with `mediaType`. */
  | { envelope: 'text'; mediaType: string };
