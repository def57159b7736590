import type {
  CreateWebhookInput,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryListQuery,
  WebhookWithSecret,
} from '@waygate/health-core';
import { fetchData, fetchPage, sendDelete } from '../calls';
import type { RequestOptions } from '../options';
import { type ListQuery, type Page, type PageQuery, paginate } from '../pagination';
import type { Transport } from '../transport';

/** Paging and `status` filter of `deliveries()`; see core's `WebhookDeliveryListQuery`. */
export type WebhookDeliveryQuery = ListQuery<typeof WebhookDeliveryListQuery>;

/**
 * `/webhooks`: endpoints that receive health-status changes, signed with Standard Webhooks
 * headers. The signing secret is returned by `create()` only, once.
 */
export const createWebhooksResource = (transport: Transport) => {
  const list = (query: PageQuery = {}, options?: RequestOptions): Promise<Page<Webhook>> =>
    fetchPage(transport, ['webhooks'], 'Webhook', query, options);
  const deliveries = (
    webhookId: string,
    query: WebhookDeliveryQuery = {},
    options?: RequestOptions,
  ): Promise<Page<WebhookDelivery>> =>
    fetchPage(transport, ['webhooks', webhookId, 'deliveries'], 'WebhookDelivery', query, options);

  return {
    list,
    iterate: (query: PageQuery = {}, options?: RequestOptions): AsyncGenerator<Webhook> =>
      paginate((cursor) => list({ ...query, cursor }, options), query.cursor),
    get: (webhookId: string, options?: RequestOptions): Promise<Webhook> =>
      fetchData(transport, 'GET', ['webhooks', webhookId], 'Webhook', options),
    /** Returns the webhook with its `secret` (`whsec_…`): store it now, it is never shown again. */
    create: (body: CreateWebhookInput, options?: RequestOptions): Promise<WebhookWithSecret> =>
      fetchData(transport, 'POST', ['webhooks'], 'WebhookWithSecret', options, { body }),
    update: (
      webhookId: string,
      body: UpdateWebhookInput,
      options?: RequestOptions,
    ): Promise<Webhook> =>
      fetchData(transport, 'PATCH', ['webhooks', webhookId], 'Webhook', options, { body }),
    /** Deletes the webhook and its delivery history. */
    delete: async (webhookId: string, options?: RequestOptions): Promise<void> => {
      await sendDelete(transport, ['webhooks', webhookId], options);
    },
    /** Delivery history with every attempt, newest first; filter by `status`. */
    deliveries,
    iterateDeliveries: (
      webhookId: string,
      query: WebhookDeliveryQuery = {},
      options?: RequestOptions,
    ): AsyncGenerator<WebhookDelivery> =>
      paginate((cursor) => deliveries(webhookId, { ...query, cursor }, options), query.cursor),
    /** Queues a `webhook.test` event and returns its (pending) delivery. */
    test: (webhookId: string, options?: RequestOptions): Promise<WebhookDelivery> =>
      fetchData(transport, 'POST', ['webhooks', webhookId, 'test'], 'WebhookDelivery', options),
  };
};

export type WebhooksResource = ReturnType<typeof createWebhooksResource>;
