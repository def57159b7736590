import {
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
import { type HealthClient, healthClientOn } from './client';
import type { HealthClientOptions } from './options';
import * as plain from './resources';
import { createTransport } from './transport';
import { validating } from './validation';

// The main entry's factories: the shared resources on a transport that parses each response
// with the core schemas that resource needs, and only those (so a bundle that imports one
// resource keeps only its schemas).

export const createActionsResource: typeof plain.createActionsResource = (transport) =>
  plain.createActionsResource(validating(transport, { Action }));

export const createBadgeTokensResource: typeof plain.createBadgeTokensResource = (transport) =>
  plain.createBadgeTokensResource(validating(transport, { BadgeToken }));

export const createConnectionsResource: typeof plain.createConnectionsResource = (transport) =>
  plain.createConnectionsResource(validating(transport, { Connection, ConnectionDetail }));

export const createEventsResource: typeof plain.createEventsResource = (transport) =>
  plain.createEventsResource(validating(transport, { HealthEvent }));

export const createHealthChecksResource: typeof plain.createHealthChecksResource = (
  transport,
  options,
) => plain.createHealthChecksResource(validating(transport, { HealthCheck }), options);

export const createIntegrationsResource: typeof plain.createIntegrationsResource = (transport) =>
  plain.createIntegrationsResource(validating(transport, { Integration }));

export const createInternalResource: typeof plain.createInternalResource = (transport) =>
  plain.createInternalResource(validating(transport, { SweepSummary }));

export const createLatency: typeof plain.createLatency = (transport) =>
  plain.createLatency(validating(transport, { LatencySeries }));

export const createMaintenanceWindowsResource: typeof plain.createMaintenanceWindowsResource = (
  transport,
) => plain.createMaintenanceWindowsResource(validating(transport, { MaintenanceWindow }));

export const createNotificationChannelsResource: typeof plain.createNotificationChannelsResource = (
  transport,
) =>
  plain.createNotificationChannelsResource(
    validating(transport, { NotificationChannel, NotificationMessage, NotificationTestResult }),
  );

export const createReportsResource: typeof plain.createReportsResource = (transport) =>
  plain.createReportsResource(validating(transport, { UptimeReport }));

export const createSummary: typeof plain.createSummary = (transport) =>
  plain.createSummary(validating(transport, { HealthSummary }));

export const createUptime: typeof plain.createUptime = (transport) =>
  plain.createUptime(validating(transport, { Uptime }));

export const createWebhooksResource: typeof plain.createWebhooksResource = (transport) =>
  plain.createWebhooksResource(
    validating(transport, { Webhook, WebhookDelivery, WebhookWithSecret }),
  );

/**
 * The whole API in one object. Every method returns the envelope's `data` (lists return
 * `{ data, pagination }`), parsed with `@waygate/health-core`'s schemas: a 2xx this SDK does not
 * understand throws `ResponseValidationError`. Timestamps stay ISO-8601 strings exactly as the
 * server sent them. `@waygate/health-client/unvalidated` has the same client without zod.
 *
 * Bundle-size note: this pulls in every resource but webhooks and alerts (opt-in:
 * `createTransport` + `createWebhooksResource`…, so apps that only read health do not ship
 * their schemas). To ship one resource only, combine `createTransport` with its factory.
 */
export const createHealthClient = (options: HealthClientOptions): HealthClient =>
  healthClientOn(
    validating(createTransport(options), {
      Action,
      BadgeToken,
      Connection,
      ConnectionDetail,
      HealthCheck,
      HealthEvent,
      HealthSummary,
      Integration,
      LatencySeries,
      SweepSummary,
      Uptime,
      UptimeReport,
    }),
    options,
  );
