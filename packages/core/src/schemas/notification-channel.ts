import { z } from 'zod';
import { HealthCheckStatus } from './enums';
import { ConnectionId, IntegrationId, prefixedId, Timestamp } from './primitives';

export const NotificationChannelId = prefixedId('notificationChannel');
export const NotificationMessageId = prefixedId('notificationMessage');

/**
 * Where alerts go. Generic signed webhooks stay under `/webhooks` (they are not a channel type):
 * a channel speaks one vendor's format.
 */
export const NOTIFICATION_CHANNEL_TYPES = [
  'slack',
  'msteams',
  'discord',
  'email',
  'pagerduty',
] as const;
export const NotificationChannelType = z.enum(NOTIFICATION_CHANNEL_TYPES);
export type NotificationChannelType = z.infer<typeof NotificationChannelType>;

const WebhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048, 'must be at most 2048 characters');

/** Incoming-webhook channels (Slack, Teams Workflows, Discord): the URL is the secret. */
export const WebhookChannelConfig = z.strictObject({ webhookUrl: WebhookUrl });
export const EmailChannelConfig = z.strictObject({
  to: z
    .array(z.email({ error: 'must be an email address' }).max(254))
    .min(1, 'needs at least one address')
    .max(20, 'at most 20 addresses'),
});
/** PagerDuty Events API v2 integration key (32 characters in PagerDuty's UI). */
export const PagerDutyChannelConfig = z.strictObject({
  routingKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a PagerDuty integration (routing) key'),
});

/** The config a channel type takes on create and update (secrets included, write-only). */
export const CHANNEL_CONFIG_INPUT = {
  slack: WebhookChannelConfig,
  msteams: WebhookChannelConfig,
  discord: WebhookChannelConfig,
  email: EmailChannelConfig,
  pagerduty: PagerDutyChannelConfig,
} as const;

const IdList = <S extends z.ZodType>(id: S) => z.array(id).max(100, 'at most 100 ids');

/**
 * Which events a channel hears. `statuses` (default `["unhealthy"]`): a connection entering one
 * of them is an alert, leaving them for a status outside is a recovery. The id lists narrow to
 * some integrations or connections (empty or absent: all of the tenant's).
 */
export const NotificationFilter = z.strictObject({
  statuses: z.array(HealthCheckStatus).min(1, 'needs at least one status').max(3).optional(),
  integrationIds: IdList(IntegrationId).optional(),
  connectionIds: IdList(ConnectionId).optional(),
});
export type NotificationFilter = z.input<typeof NotificationFilter>;

const Name = z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters');

const createFor = <T extends NotificationChannelType>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    name: Name,
    config: CHANNEL_CONFIG_INPUT[type],
    filter: NotificationFilter.optional(),
    enabled: z.boolean().optional(),
  });

export const CreateNotificationChannelInput = z.discriminatedUnion('type', [
  createFor('slack'),
  createFor('msteams'),
  createFor('discord'),
  createFor('email'),
  createFor('pagerduty'),
]);
export type CreateNotificationChannelInput = z.input<typeof CreateNotificationChannelInput>;

/**
 * `config` replaces the whole config and is checked against the channel's type by the server
 * (the type itself cannot change: delete and create instead).
 */
export const UpdateNotificationChannelInput = z.strictObject({
  name: Name.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  filter: NotificationFilter.nullable().optional(),
  enabled: z.boolean().optional(),
});
export type UpdateNotificationChannelInput = z.input<typeof UpdateNotificationChannelInput>;

/**
 * Config as every read returns it: secrets only as a masked hint (`https://hooks.slack.com/…a1B2`,
 * `…a1B2`), addresses in full (they are not secret and the user needs to see them).
 */
export const NotificationChannelConfig = z.object({
  webhookUrlHint: z.string().optional(),
  routingKeyHint: z.string().optional(),
  to: z.array(z.string()).optional(),
});
export type NotificationChannelConfig = z.infer<typeof NotificationChannelConfig>;

export const NotificationDeliveryOutcome = z.enum(['delivered', 'failed']);
export type NotificationDeliveryOutcome = z.infer<typeof NotificationDeliveryOutcome>;

/** The channel's latest delivery attempt (a test included); null before the first. */
export const LastDelivery = z.object({
  at: Timestamp,
  status: NotificationDeliveryOutcome,
  /** Error code and a host-only message (`HTTP_5XX: hooks.slack.com: HTTP 500`); never a body. */
  error: z.string().optional(),
});
export type LastDelivery = z.infer<typeof LastDelivery>;

export const NotificationChannel = z.object({
  id: NotificationChannelId,
  type: NotificationChannelType,
  name: z.string(),
  config: NotificationChannelConfig,
  filter: z.object({
    statuses: z.array(HealthCheckStatus),
    integrationIds: z.array(IntegrationId),
    connectionIds: z.array(ConnectionId),
  }),
  enabled: z.boolean(),
  lastDelivery: LastDelivery.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** `POST /notification-channels/:id/test`: the sample was sent now; this is how it went. */
export const NotificationTestResult = z.object({
  delivered: z.boolean(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  latencyMs: z.number().int().nonnegative(),
});
export type NotificationTestResult = z.infer<typeof NotificationTestResult>;

export const NotificationMessageStatus = z.enum(['pending', 'succeeded', 'failed']);
export type NotificationMessageStatus = z.infer<typeof NotificationMessageStatus>;

export const NotificationAttempt = z.object({
  at: Timestamp,
  statusCode: z.number().int().nullable(),
  errorCode: z.string().nullable(),
  latencyMs: z.number().int().nonnegative(),
});
export type NotificationAttempt = z.infer<typeof NotificationAttempt>;

/** One grouped message of a channel (a burst of events within the grouping window). */
export const NotificationMessage = z.object({
  id: NotificationMessageId,
  channelId: NotificationChannelId,
  /** Connections in the message (one per connection: its latest event in the window). */
  eventCount: z.number().int().nonnegative(),
  status: NotificationMessageStatus,
  attemptCount: z.number().int().nonnegative(),
  nextAttemptAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  deliveredAt: Timestamp.nullable(),
  attempts: z.array(NotificationAttempt),
});
export type NotificationMessage = z.infer<typeof NotificationMessage>;

export const NotificationMessageListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
export type NotificationMessageListQuery = z.input<typeof NotificationMessageListQuery>;
