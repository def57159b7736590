import { randomUUID } from 'node:crypto';
import type { NotificationAttempt, NotificationChannelType } from '@waygate/health-core';
import type { CredentialCipher } from '../crypto/credential-cipher';
import type { Database } from '../db/database';
import { toPublicId } from '../ids';
import type { Logger } from '../logger';
import { countDelivery, DELIVERY_OUTCOME } from '../prometheus/metrics';
import { nextAttemptAt, RETRY_DELAYS_MS } from '../webhooks/retry-schedule';
import { decryptChannelSecret } from './channel-secret';
import type { ChannelSenders, ChannelSendResult } from './channel-sender';
import { recordLastDeliveries } from './channel-service';
import { buildMessageContent, type NotificationEvent } from './message-content';

export interface NotificationDeliveryDeps {
  db: Database;
  cipher: CredentialCipher;
  logger: Logger;
  senders: ChannelSenders;
  retryDelaysMs?: readonly number[];
}

export interface NotificationPassOptions {
  owner: string;
  /** Messages claimed and sent (concurrently) per call. Default 20. */
  limit?: number;
  now?: Date;
  /** `WAYGATE_NOTIFY_GROUP_MS`. */
  groupMs: number;
  /**
   * How late after a group's due time the caller may run again (its poll interval): groups
   * close this much early, so a burst's first message never waits longer than `groupMs`.
   */
  pollSlackMs?: number;
}

export interface NotificationSummary {
  /** Messages made by folding queued events. */
  grouped: number;
  claimed: number;
  succeeded: number;
  retrying: number;
  failed: number;
}

/**
 * Folds each channel's queued events into ONE message once its oldest event has waited
 * `closeAfterMs`: a burst of 500 status changes within the window becomes one message, and the
 * first event of a burst is delayed by at most the window. The DELETE … RETURNING takes each
 * queued row exactly once, so replicas running this together never send an event twice.
 */
export async function groupDueNotifications(
  db: Database,
  now: Date,
  closeAfterMs: number,
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `WITH due AS (
       SELECT q.channel_id FROM notification_queue q
        GROUP BY q.channel_id
       HAVING min(q.queued_at) <= $1::timestamptz - make_interval(secs => $2::float8 / 1000)
     ),
     taken AS (
       DELETE FROM notification_queue q USING due WHERE q.channel_id = due.channel_id
       RETURNING q.channel_id, q.event_id, q.tenant_id, q.kind
     ),
     grouped AS (
       SELECT t.channel_id, t.tenant_id, count(DISTINCT e.connection_id)::int AS event_count,
              jsonb_agg(jsonb_build_object(
                'eventId', e.id, 'connectionId', e.connection_id, 'connectionName', c.name,
                'integrationName', i.name, 'fromStatus', e.from_status, 'toStatus', e.to_status,
                'reasons', to_jsonb(e.reasons), 'at', e.created_at, 'kind', t.kind)
                ORDER BY e.created_at, e.id) AS events
         FROM taken t
         JOIN health_events e ON e.id = t.event_id
         JOIN connections c ON c.id = e.connection_id
         JOIN integrations i ON i.id = c.integration_id
        GROUP BY t.channel_id, t.tenant_id
     )
     INSERT INTO notification_messages (id, channel_id, tenant_id, events, event_count, status,
       attempts, next_attempt_at, created_at)
     SELECT (lpad(to_hex(floor(extract(epoch FROM $1::timestamptz) * 1000)::bigint), 12, '0')
             || substr(replace(gen_random_uuid()::text, '-', ''), 13))::uuid,
            g.channel_id, g.tenant_id, g.events, g.event_count, 'pending', 0, $1, $1
       FROM grouped g
     RETURNING id`,
    [now, Math.max(0, closeAfterMs)],
  );
  return rows.length;
}

interface StoredEvent extends Omit<NotificationEvent, 'connectionId' | 'eventId'> {
  eventId: string;
  connectionId: string;
}

interface ClaimedMessage {
  id: string;
  channel_id: string;
  tenant_id: string;
  events: StoredEvent[] | string;
  attempts: number;
  type: NotificationChannelType;
  name: string;
  config: { to?: string[] } | string;
  secret_ciphertext: string | null;
}

const LEASE_SECONDS = 60;
// No retry can fix these: the guard's answer changes only with the allow-list, a secret that
// does not open will not open later, and mail without a relay needs the operator.
const FINAL_ERRORS = new Set([
  'SSRF_BLOCKED',
  'INVALID_URL',
  'SECRET_UNREADABLE',
  'SMTP_NOT_CONFIGURED',
]);

const parseJson = <T>(value: T | string): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;

/** Stored snapshot (uuids, database timestamps) → the events a message is rendered from. */
export function snapshotEvents(stored: StoredEvent[]): NotificationEvent[] {
  return stored.map((e) => ({
    ...e,
    eventId: toPublicId('healthEvent', e.eventId),
    connectionId: toPublicId('connection', e.connectionId),
    at: new Date(e.at).toISOString(),
    reasons: e.reasons ?? [],
  }));
}

/** Opens a channel's secret; null when it cannot be opened (key changed, tampered row). */
export function openChannelSecret(
  cipher: CredentialCipher,
  row: { secret_ciphertext: string | null; tenant_id: string; id: string },
): string | null | undefined {
  if (row.secret_ciphertext === null) return null;
  try {
    return decryptChannelSecret(cipher, row.secret_ciphertext, row.tenant_id, row.id);
  } catch {
    return undefined;
  }
}

/**
 * Claims due messages (FOR UPDATE SKIP LOCKED, lease, per-claim token), sends them, and writes
 * every attempt in one statement, only where the claim still holds: the webhook outbox's
 * protocol (src/webhooks/README.md), with its retry schedule.
 */
export async function deliverDueNotifications(
  deps: NotificationDeliveryDeps,
  options: { owner: string; limit?: number; now?: Date },
): Promise<Omit<NotificationSummary, 'grouped'>> {
  const now = options.now ?? new Date();
  const token = `${options.owner}:${randomUUID()}`;
  const { rows } = await deps.db.query<ClaimedMessage>(
    `WITH due AS (
       SELECT m.id FROM notification_messages m
         JOIN notification_channels ch ON ch.id = m.channel_id AND ch.enabled
        WHERE m.status = 'pending' AND m.next_attempt_at <= $1
        ORDER BY m.next_attempt_at
        LIMIT $3
        FOR UPDATE OF m SKIP LOCKED
     ),
     claimed AS (
       UPDATE notification_messages m
          SET next_attempt_at = $1::timestamptz + make_interval(secs => $4), lease_owner = $2
         FROM due WHERE m.id = due.id
       RETURNING m.id, m.channel_id, m.tenant_id, m.events, m.attempts
     )
     SELECT c.*, ch.type, ch.name, ch.config, ch.secret_ciphertext
       FROM claimed c JOIN notification_channels ch ON ch.id = c.channel_id`,
    [now, token, options.limit ?? 20, LEASE_SECONDS],
  );
  const records = await Promise.all(rows.map((row) => deliverOne(deps, row, now)));
  const written = await writeAttempts(deps, token, now, records);
  await recordLastDeliveries(
    deps.db,
    records
      .filter((r) => written.has(r.id))
      .map((r) => ({
        channelId: r.channelId,
        at: now,
        delivered: r.status === 'succeeded',
        error: r.lastError,
      })),
  );
  const summary = { claimed: rows.length, succeeded: 0, retrying: 0, failed: 0 };
  for (const { status } of records) {
    summary[status === 'pending' ? 'retrying' : status] += 1;
    countDelivery('notification', DELIVERY_OUTCOME[status]);
  }
  if (rows.length > 0) deps.logger.info({ notifications: summary }, 'notification deliveries');
  return summary;
}

interface AttemptRecord {
  id: string;
  channelId: string;
  status: 'succeeded' | 'pending' | 'failed';
  attempts: number;
  next: Date | null;
  statusCode: number | null;
  lastError: string | null;
  attempt: NotificationAttempt;
}

async function deliverOne(
  deps: NotificationDeliveryDeps,
  row: ClaimedMessage,
  now: Date,
): Promise<AttemptRecord> {
  const secret = openChannelSecret(deps.cipher, {
    secret_ciphertext: row.secret_ciphertext,
    tenant_id: row.tenant_id,
    id: row.channel_id,
  });
  let result: ChannelSendResult;
  if (secret === undefined) {
    deps.logger.warn(
      { channelId: toPublicId('notificationChannel', row.channel_id) },
      'notification channel secret could not be decrypted; message failed',
    );
    result = {
      success: false,
      latencyMs: 0,
      error: { code: 'SECRET_UNREADABLE', message: 'channel secret could not be decrypted' },
    };
  } else {
    const content = buildMessageContent(snapshotEvents(parseJson(row.events)));
    result = await deps.senders.send(
      { type: row.type, name: row.name, secret, to: parseJson(row.config).to ?? [] },
      content,
    );
  }
  const attempts = row.attempts + 1;
  const errorCode = result.success ? null : (result.error?.code ?? 'NETWORK_ERROR');
  let status: AttemptRecord['status'] = 'succeeded';
  let next: Date | null = null;
  if (!result.success) {
    next = FINAL_ERRORS.has(errorCode ?? '')
      ? null
      : nextAttemptAt(attempts, now, deps.retryDelaysMs ?? RETRY_DELAYS_MS);
    status = next ? 'pending' : 'failed';
  }
  return {
    id: row.id,
    channelId: row.channel_id,
    status,
    attempts,
    next,
    statusCode: result.statusCode ?? null,
    lastError: result.success ? null : describeError(result),
    attempt: {
      at: now.toISOString(),
      statusCode: result.statusCode ?? null,
      errorCode,
      latencyMs: result.latencyMs,
    },
  };
}

/** `CODE: message` — the code and the host-only message; never a receiver's body or a URL path. */
export function describeError(result: ChannelSendResult): string {
  const code = result.error?.code ?? 'NETWORK_ERROR';
  return `${code}: ${result.error?.message ?? code}`.slice(0, 500);
}

async function writeAttempts(
  deps: NotificationDeliveryDeps,
  token: string,
  now: Date,
  records: AttemptRecord[],
): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  const { rows } = await deps.db.query<{ id: string }>(
    `UPDATE notification_messages m SET
       status = i.status, attempts = i.attempts, next_attempt_at = i.next_attempt_at,
       lease_owner = NULL, last_status_code = i.status_code, last_error = i.last_error,
       attempt_log = m.attempt_log || jsonb_build_array(i.attempt::jsonb),
       delivered_at = CASE WHEN i.status = 'succeeded' THEN $8::timestamptz ELSE m.delivered_at END
     FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::text[],
                 $7::text[]) AS i(id, status, attempts, next_attempt_at, status_code, last_error,
                                  attempt)
     WHERE m.id = i.id AND m.lease_owner = $9 AND m.status = 'pending'
     RETURNING m.id`,
    [
      records.map((r) => r.id),
      records.map((r) => r.status),
      records.map((r) => r.attempts),
      records.map((r) => r.next),
      records.map((r) => r.statusCode),
      records.map((r) => r.lastError),
      records.map((r) => JSON.stringify(r.attempt)),
      now,
      token,
    ],
  );
  const written = new Set(rows.map((r) => r.id));
  for (const record of records.filter((r) => !written.has(r.id))) {
    deps.logger.warn(
      { messageId: toPublicId('notificationMessage', record.id) },
      'notification lease lost before its result was written; the newer attempt stands',
    );
  }
  return written;
}

/** One pass: close due groups, then send due messages. What the outbox worker runs each tick. */
export async function runNotificationPass(
  deps: NotificationDeliveryDeps,
  options: NotificationPassOptions,
): Promise<NotificationSummary> {
  const now = options.now ?? new Date();
  const grouped = await groupDueNotifications(
    deps.db,
    now,
    options.groupMs - (options.pollSlackMs ?? 0),
  );
  const delivered = await deliverDueNotifications(deps, {
    owner: options.owner,
    limit: options.limit,
    now,
  });
  return { grouped, ...delivered };
}
