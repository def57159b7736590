import type { NotificationTestResult } from '@waygate/health-core';
import type { CredentialCipher } from '../crypto/credential-cipher';
import type { Database } from '../db/database';
import { type ChannelSenderOptions, createChannelSenders } from './channel-sender';
import { type ChannelRow, recordLastDeliveries } from './channel-service';
import { testMessageContent } from './message-content';
import { describeError, openChannelSecret } from './notification-delivery';

/**
 * Sends the sample message now (not through the outbox: the caller waits for the answer) and
 * records the outcome as the channel's `lastDelivery`.
 */
export async function sendTestMessage(
  db: Database,
  cipher: CredentialCipher,
  senderOptions: ChannelSenderOptions,
  channel: ChannelRow,
  now: Date,
): Promise<NotificationTestResult> {
  const senders = createChannelSenders(senderOptions);
  try {
    return await sendWith(db, cipher, senders, channel, now);
  } finally {
    await senders.close();
  }
}

async function sendWith(
  db: Database,
  cipher: CredentialCipher,
  senders: ReturnType<typeof createChannelSenders>,
  channel: ChannelRow,
  now: Date,
): Promise<NotificationTestResult> {
  const { rows } = await db.query<{ secret_ciphertext: string | null }>(
    'SELECT secret_ciphertext FROM notification_channels WHERE id = $1',
    [channel.id],
  );
  const secret = openChannelSecret(cipher, {
    secret_ciphertext: rows[0]?.secret_ciphertext ?? null,
    tenant_id: channel.tenant_id,
    id: channel.id,
  });
  const config = typeof channel.config === 'string' ? JSON.parse(channel.config) : channel.config;
  const result =
    secret === undefined
      ? {
          success: false,
          latencyMs: 0,
          error: { code: 'SECRET_UNREADABLE', message: 'channel secret could not be decrypted' },
        }
      : await senders.send(
          { type: channel.type, name: channel.name, secret, to: config.to ?? [] },
          testMessageContent(channel.name),
        );
  const error = result.success ? null : describeError(result);
  await recordLastDeliveries(db, [
    { channelId: channel.id, at: now, delivered: result.success, error },
  ]);
  return {
    delivered: result.success,
    statusCode: 'statusCode' in result ? (result.statusCode ?? null) : null,
    error,
    latencyMs: result.latencyMs,
  };
}
