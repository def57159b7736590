import type {
  CreateNotificationChannelInput,
  NotificationChannel,
  NotificationMessage,
  NotificationTestResult,
  UpdateNotificationChannelInput,
} from '@waygate/health-core';
import { fetchData, fetchPage, sendDelete } from '../calls';
import type { RequestOptions } from '../options';
import { type Page, type PageQuery, paginate } from '../pagination';
import type { Transport } from '../transport';

/**
 * `/notification-channels`: Slack, Microsoft Teams, Discord, email and PagerDuty destinations for
 * alerts. Secrets (`webhookUrl`, `routingKey`) are write-only: reads show a masked hint.
 */
export const createNotificationChannelsResource = (transport: Transport) => {
  const list = (
    query: PageQuery = {},
    options?: RequestOptions,
  ): Promise<Page<NotificationChannel>> =>
    fetchPage(transport, ['notification-channels'], 'NotificationChannel', query, options);
  const messages = (
    channelId: string,
    query: PageQuery = {},
    options?: RequestOptions,
  ): Promise<Page<NotificationMessage>> =>
    fetchPage(
      transport,
      ['notification-channels', channelId, 'messages'],
      'NotificationMessage',
      query,
      options,
    );

  return {
    list,
    iterate: (
      query: PageQuery = {},
      options?: RequestOptions,
    ): AsyncGenerator<NotificationChannel> =>
      paginate((cursor) => list({ ...query, cursor }, options), query.cursor),
    get: (channelId: string, options?: RequestOptions): Promise<NotificationChannel> =>
      fetchData(
        transport,
        'GET',
        ['notification-channels', channelId],
        'NotificationChannel',
        options,
      ),
    create: (
      body: CreateNotificationChannelInput,
      options?: RequestOptions,
    ): Promise<NotificationChannel> =>
      fetchData(transport, 'POST', ['notification-channels'], 'NotificationChannel', options, {
        body,
      }),
    /** `config` replaces the whole config (the secret included); the type cannot change. */
    update: (
      channelId: string,
      body: UpdateNotificationChannelInput,
      options?: RequestOptions,
    ): Promise<NotificationChannel> =>
      fetchData(
        transport,
        'PATCH',
        ['notification-channels', channelId],
        'NotificationChannel',
        options,
        { body },
      ),
    delete: async (channelId: string, options?: RequestOptions): Promise<void> => {
      await sendDelete(transport, ['notification-channels', channelId], options);
    },
    /** Sends a sample message now; resolves with the outcome (`delivered`, `error`). */
    test: (channelId: string, options?: RequestOptions): Promise<NotificationTestResult> =>
      fetchData(
        transport,
        'POST',
        ['notification-channels', channelId, 'test'],
        'NotificationTestResult',
        options,
      ),
    /** Grouped messages with every delivery attempt, newest first. */
    messages,
  };
};

export type NotificationChannelsResource = ReturnType<typeof createNotificationChannelsResource>;
