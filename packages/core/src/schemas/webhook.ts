import { z } from 'zod';
import { pageFields } from './envelope';
import { HealthEvent } from './health-event';
import { prefixedId, Timestamp } from './primitives';

export const WebhookId = prefixedId('webhook');
/** Delivery ids double as the Standard Webhooks `webhook-id` header (stable across retries). */
export const WebhookDeliveryId = z
  .string()
  .regex(/^msg_[0-9A-Za-z]{1,64}$/, 'must be an id starting with "msg_"');

export const WEBHOOK_EVENT_TYPES = ['connection.health_changed', 'webhook.test'] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

export const WebhookDeliveryStatus = z.enum(['pending', 'succeeded', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

const WebhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048, 'must be at most 2048 characters');
const Description = z.string().trim().max(500, 'must be at most 500 characters');

export const CreateWebhookInput = z.strictObject({
  url: WebhookUrl,
  description: Description.optional(),
  enabled: z.boolean().optional(),
});
export type CreateWebhookInput = z.input<typeof CreateWebhookInput>;

export const UpdateWebhookInput = z.strictObject({
  url: WebhookUrl.optional(),
  description: Description.nullable().optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.input<typeof UpdateWebhookInput>;

/** A webhook endpoint as every read returns it: never with its secret. */
export const Webhook = z.object({
  id: WebhookId,
  url: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Webhook = z.infer<typeof Webhook>;

/** Only the create response carries the signing secret (`whsec_` + base64), shown once. */
export const WebhookWithSecret = Webhook.extend({
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/),
});
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

export const WebhookAttempt = z.object({
  at: Timestamp,
  statusCode: z.number().int().nullable(),
  /** A `CheckErrorCode` (`TIMEOUT`, `HTTP_5XX`, `SSRF_BLOCKED`…) or null on success. */
  errorCode: z.string().nullable(),
  latencyMs: z.number().int().nonnegative(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDelivery = z.object({
  id: WebhookDeliveryId,
  webhookId: WebhookId,
  eventType: WebhookEventType,
  /** The health event delivered; null for test events. */
  eventId: prefixedId('healthEvent').nullable(),
  status: WebhookDeliveryStatus,
  attemptCount: z.number().int().nonnegative(),
  /** When the next attempt is due; null once succeeded or failed. */
  nextAttemptAt: Timestamp.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  deliveredAt: Timestamp.nullable(),
  attempts: z.array(WebhookAttempt),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryListQuery = z.strictObject({
  ...pageFields(20),
  status: WebhookDeliveryStatus.optional(),
});
export type WebhookDeliveryListQuery = z.input<typeof WebhookDeliveryListQuery>;

/** The JSON body a receiver gets (signed with Standard Webhooks headers). */
export const WebhookPayload = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('connection.health_changed'),
    timestamp: Timestamp,
    data: HealthEvent,
  }),
  z.object({
    type: z.literal('webhook.test'),
    timestamp: Timestamp,
    data: z.object({ webhookId: WebhookId, message: z.string() }),
  }),
]);
export type WebhookPayload = z.infer<typeof WebhookPayload>;
