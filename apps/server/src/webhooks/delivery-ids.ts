import { fromPublicId, toPublicId } from '../ids';

// Deliveries are shown as `msg_<ULID>`, the prefix Standard Webhooks senders use for the
// `webhook-id` header. Core's ID_PREFIXES has no delivery kind, so the ULID text is borrowed from
// the webhook encoding and only the prefix differs.
const WEBHOOK_PREFIX = 'wh_';
const DELIVERY_PREFIX = 'msg_';

export function toDeliveryId(uuid: string): string {
  return DELIVERY_PREFIX + toPublicId('webhook', uuid).slice(WEBHOOK_PREFIX.length);
}

/** Public delivery id → uuid, or null when it is not one (never throws). */
export function fromDeliveryId(id: unknown): string | null {
  if (typeof id !== 'string' || !id.startsWith(DELIVERY_PREFIX)) return null;
  return fromPublicId('webhook', WEBHOOK_PREFIX + id.slice(DELIVERY_PREFIX.length));
}
