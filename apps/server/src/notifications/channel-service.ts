import {
  CHANNEL_CONFIG_INPUT,
  type CreateNotificationChannelInput,
  type HealthCheckStatus,
  type NotificationAttempt,
  type NotificationChannel,
  type NotificationChannelType,
  type NotificationFilter,
  type NotificationMessage,
  type NotificationMessageStatus,
  type UpdateNotificationChannelInput,
} from '@waygate/health-core';
import type { CredentialCipher } from '../crypto/credential-cipher';
import { type Database, toIso } from '../db/database';
import { notFound, parseWith, tenantLimitReached } from '../errors';
import { newId, toPublicId } from '../ids';
import { listPage, publicIds } from '../services/pagination';
import { deleteTenantRow, getTenantRow, type TenantTable } from '../services/tenant-rows';
import { encryptChannelSecret, secretHint } from './channel-secret';
import { resolveTenantIds } from './tenant-ids';

export interface ChannelRow {
  id: string;
  tenant_id: string;
  type: NotificationChannelType;
  name: string;
  config: { to?: string[] } | string;
  secret_hint: string | null;
  statuses: HealthCheckStatus[];
  integration_ids: string[];
  connection_ids: string[];
  enabled: boolean;
  last_delivery_at: Date | null;
  last_delivery_status: 'delivered' | 'failed' | null;
  last_delivery_error: string | null;
  created_at: Date;
  updated_at: Date;
}

// The ciphertext is never selected by a read path: a bug in a mapper cannot leak it.
const CHANNEL_COLUMNS = `id, tenant_id, type, name, config, secret_hint, statuses, integration_ids,
  connection_ids, enabled, last_delivery_at, last_delivery_status, last_delivery_error, created_at,
  updated_at`;
const CHANNELS: TenantTable = {
  table: 'notification_channels',
  kind: 'notificationChannel',
  what: 'Notification channel',
};

/** Each event fans out to every matching channel: the cap bounds one tenant's outbound traffic. */
export const MAX_CHANNELS_PER_TENANT = 20;

const parseJson = <T>(value: T | string): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;

export function toNotificationChannel(row: ChannelRow): NotificationChannel {
  const config = parseJson(row.config);
  const hint = row.secret_hint ?? undefined;
  return {
    id: toPublicId('notificationChannel', row.id),
    type: row.type,
    name: row.name,
    config:
      row.type === 'email'
        ? { to: config.to ?? [] }
        : row.type === 'pagerduty'
          ? { routingKeyHint: hint }
          : { webhookUrlHint: hint },
    filter: {
      statuses: row.statuses,
      integrationIds: row.integration_ids.map((id) => toPublicId('integration', id)),
      connectionIds: row.connection_ids.map((id) => toPublicId('connection', id)),
    },
    enabled: row.enabled,
    lastDelivery:
      row.last_delivery_at && row.last_delivery_status
        ? {
            at: toIso(row.last_delivery_at)!,
            status: row.last_delivery_status,
            ...(row.last_delivery_error ? { error: row.last_delivery_error } : {}),
          }
        : null,
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

/** The secret of a config (webhook URL or routing key), or null for email. */
export function configSecret(
  type: NotificationChannelType,
  config: Record<string, unknown>,
): string | null {
  if (type === 'pagerduty') return String(config.routingKey);
  if (type === 'email') return null;
  return String(config.webhookUrl);
}

interface StoredFilter {
  statuses: HealthCheckStatus[];
  integrationIds: string[];
  connectionIds: string[];
}

/**
 * The filter as stored (uuids). Every id must be one of the tenant's own: a foreign or deleted
 * one is a 400 naming its position, not a filter that silently never matches.
 */
async function storedFilter(
  db: Database,
  tenantId: string,
  filter: NotificationFilter | null | undefined,
): Promise<StoredFilter> {
  const statuses = filter?.statuses ? [...new Set(filter.statuses)] : ['unhealthy' as const];
  return {
    statuses,
    integrationIds: await resolveTenantIds(
      db,
      tenantId,
      'integration',
      filter?.integrationIds,
      'filter.integrationIds',
    ),
    connectionIds: await resolveTenantIds(
      db,
      tenantId,
      'connection',
      filter?.connectionIds,
      'filter.connectionIds',
    ),
  };
}

/** Non-secret config kept in clear: email recipients (lower-cased, deduplicated). */
function publicConfig(type: NotificationChannelType, config: Record<string, unknown>) {
  if (type !== 'email') return {};
  return { to: [...new Set((config.to as string[]).map((a) => a.toLowerCase()))] };
}

export async function createChannel(
  db: Database,
  cipher: CredentialCipher,
  tenantId: string,
  input: CreateNotificationChannelInput,
  now: Date,
): Promise<NotificationChannel> {
  const filter = await storedFilter(db, tenantId, input.filter);
  const { uuid } = newId('notificationChannel', now);
  const config = input.config as Record<string, unknown>;
  const secret = configSecret(input.type, config);
  // The count and the insert are one statement, so the cap holds without a transaction.
  const { rows } = await db.query<ChannelRow>(
    `INSERT INTO notification_channels (id, tenant_id, type, name, config, secret_ciphertext,
       secret_hint, statuses, integration_ids, connection_ids, enabled, created_at, updated_at)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12
      WHERE (SELECT count(*) FROM notification_channels WHERE tenant_id = $2) < $13
     RETURNING ${CHANNEL_COLUMNS}`,
    [
      uuid,
      tenantId,
      input.type,
      input.name,
      JSON.stringify(publicConfig(input.type, config)),
      secret === null ? null : encryptChannelSecret(cipher, secret, tenantId, uuid),
      secret === null ? null : secretHint(input.type, secret),
      filter.statuses,
      filter.integrationIds,
      filter.connectionIds,
      input.enabled ?? true,
      now,
      MAX_CHANNELS_PER_TENANT,
    ],
  );
  const row = rows[0];
  if (!row) {
    throw tenantLimitReached('notification channels', MAX_CHANNELS_PER_TENANT, 'type');
  }
  return toNotificationChannel(row);
}

export async function getChannelRow(
  db: Database,
  tenantId: string,
  publicId: string,
): Promise<ChannelRow> {
  return getTenantRow<ChannelRow>(db, CHANNELS, CHANNEL_COLUMNS, tenantId, publicId);
}

export async function listChannels(
  db: Database,
  tenantId: string,
  query: { limit: number; cursor?: string },
) {
  return listPage(db, {
    select: CHANNEL_COLUMNS,
    from: 'notification_channels',
    where: ['tenant_id = $1'],
    params: [tenantId],
    query,
    ids: publicIds('notificationChannel'),
    toItem: (row: ChannelRow) => toNotificationChannel(row),
  });
}

/**
 * Updates name, filter, enabled and (whole) config. A new config is validated against the
 * channel's type here, so the error names `config.<field>` as on create.
 */
export async function updateChannel(
  db: Database,
  cipher: CredentialCipher,
  tenantId: string,
  current: ChannelRow,
  input: UpdateNotificationChannelInput,
  now: Date,
  hooks: { beforeWrite?: (config: Record<string, unknown>) => Promise<void> } = {},
): Promise<NotificationChannel> {
  const config =
    input.config === undefined
      ? undefined
      : (parseWith(CHANNEL_CONFIG_INPUT[current.type], input.config, 'config') as Record<
          string,
          unknown
        >);
  if (config) await hooks.beforeWrite?.(config);
  const filter =
    input.filter === undefined ? undefined : await storedFilter(db, tenantId, input.filter);
  const secret = config ? configSecret(current.type, config) : null;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<ChannelRow>(
      `UPDATE notification_channels SET
         name = COALESCE($3, name),
         config = COALESCE($4::jsonb, config),
         secret_ciphertext = COALESCE($5, secret_ciphertext),
         secret_hint = COALESCE($6, secret_hint),
         statuses = COALESCE($7::text[], statuses),
         integration_ids = COALESCE($8::uuid[], integration_ids),
         connection_ids = COALESCE($9::uuid[], connection_ids),
         enabled = COALESCE($10, enabled),
         updated_at = $11
        WHERE id = $1 AND tenant_id = $2
        RETURNING ${CHANNEL_COLUMNS}`,
      [
        current.id,
        tenantId,
        input.name ?? null,
        config ? JSON.stringify(publicConfig(current.type, config)) : null,
        secret === null ? null : encryptChannelSecret(cipher, secret, tenantId, current.id),
        secret === null ? null : secretHint(current.type, secret),
        filter?.statuses ?? null,
        filter?.integrationIds ?? null,
        filter?.connectionIds ?? null,
        input.enabled ?? null,
        now,
      ],
    );
    const row = rows[0];
    if (!row) throw notFound('Notification channel', 'id');
    if (current.enabled && !row.enabled) {
      // Queued and unsent alerts are dropped rather than sent stale when it is turned back on.
      await tx.query('DELETE FROM notification_queue WHERE channel_id = $1', [row.id]);
      await tx.query(
        `UPDATE notification_messages SET status = 'failed', next_attempt_at = NULL,
           lease_owner = NULL, last_error = 'CHANNEL_DISABLED'
          WHERE channel_id = $1 AND status = 'pending'`,
        [row.id],
      );
    }
    return toNotificationChannel(row);
  });
}

export async function deleteChannel(
  db: Database,
  tenantId: string,
  publicId: string,
): Promise<void> {
  await deleteTenantRow(db, CHANNELS, tenantId, publicId);
}

/** Records a delivery outcome as the channel's `lastDelivery` (rows of several channels at once). */
export async function recordLastDeliveries(
  db: Database,
  outcomes: readonly { channelId: string; at: Date; delivered: boolean; error: string | null }[],
): Promise<void> {
  if (outcomes.length === 0) return;
  // Latest outcome per channel wins; one statement for the batch.
  const latest = new Map<string, (typeof outcomes)[number]>();
  for (const o of outcomes) latest.set(o.channelId, o);
  const list = [...latest.values()];
  await db.query(
    `UPDATE notification_channels ch SET last_delivery_at = i.at,
       last_delivery_status = i.status, last_delivery_error = i.error
     FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[]) AS i(id, at, status, error)
     WHERE ch.id = i.id AND (ch.last_delivery_at IS NULL OR ch.last_delivery_at <= i.at)`,
    [
      list.map((o) => o.channelId),
      list.map((o) => o.at),
      list.map((o) => (o.delivered ? 'delivered' : 'failed')),
      list.map((o) => (o.delivered ? null : o.error)),
    ],
  );
}

interface MessageRow {
  id: string;
  channel_id: string;
  event_count: number;
  status: NotificationMessageStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  attempt_log: NotificationAttempt[] | string;
  created_at: Date;
  delivered_at: Date | null;
}

export function toNotificationMessage(row: MessageRow): NotificationMessage {
  return {
    id: toPublicId('notificationMessage', row.id),
    channelId: toPublicId('notificationChannel', row.channel_id),
    eventCount: row.event_count,
    status: row.status,
    attemptCount: row.attempts,
    nextAttemptAt: row.status === 'pending' ? (toIso(row.next_attempt_at) ?? null) : null,
    lastError: row.last_error,
    createdAt: toIso(row.created_at)!,
    deliveredAt: toIso(row.delivered_at) ?? null,
    attempts: parseJson(row.attempt_log),
  };
}

/** A channel's messages, newest first, with their attempts. */
export async function listMessages(
  db: Database,
  tenantId: string,
  channelId: string,
  query: { limit: number; cursor?: string },
) {
  return listPage(db, {
    select: `id, channel_id, event_count, status, attempts, next_attempt_at, last_error,
             attempt_log, created_at, delivered_at`,
    from: 'notification_messages',
    where: ['channel_id = $1', 'tenant_id = $2'],
    params: [channelId, tenantId],
    query,
    ids: publicIds('notificationMessage'),
    toItem: (row: MessageRow) => toNotificationMessage(row),
  });
}

/** Finished messages created before `before` go; pending ones stay whatever their age. */
export async function pruneNotificationMessages(db: Database, before: Date): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM notification_messages WHERE status <> 'pending' AND created_at < $1`,
    [before],
  );
  return rowCount;
}
