import { z } from 'zod';

/** ISO-8601 timestamp as it travels on the wire (`2026-01-25T10:15:00Z`, offsets allowed). */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof Timestamp>;

/**
 * IDs are prefixed like the spec's examples (`conn_abc123`, `hc_xyz789`) so that a
 * wrong kind of id is caught at the edge instead of turning into an empty result.
 */
export const ID_PREFIXES = {
  tenant: 'ten',
  apiKey: 'key',
  integration: 'int',
  action: 'act',
  connection: 'conn',
  healthCheck: 'hc',
  healthEvent: 'evt',
  webhook: 'wh',
  notificationChannel: 'nch',
  notificationMessage: 'ntf',
  maintenanceWindow: 'mw',
  badgeToken: 'bdg',
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

export const prefixedId = <K extends IdKind>(kind: K) =>
  z
    .string()
    .regex(
      new RegExp(`^${ID_PREFIXES[kind]}_[0-9A-Za-z]{1,64}$`),
      `must be an id starting with "${ID_PREFIXES[kind]}_"`,
    );

export const TenantId = prefixedId('tenant');
export const IntegrationId = prefixedId('integration');
export const ActionId = prefixedId('action');
export const ConnectionId = prefixedId('connection');
export const HealthCheckId = prefixedId('healthCheck');
export const HealthEventId = prefixedId('healthEvent');
