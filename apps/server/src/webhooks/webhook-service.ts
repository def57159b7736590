import type {
  CreateWebhookInput,
  UpdateWebhookInput,
  Webhook,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEventType,
  WebhookWithSecret,
} from '@waygate/health-core';
import type { CredentialCipher } from '../crypto/credential-cipher';
import { type Database, toIso } from '../db/database';
import { AppError, notFound, tenantLimitReached } from '../errors';
import { newId, newUuid, toPublicId } from '../ids';
import { listPage, publicIds } from '../services/pagination';
import { deleteTenantRow, getTenantRow, type TenantTable } from '../services/tenant-rows';
import { fromDeliveryId, toDeliveryId } from './delivery-ids';
import { encryptWebhookSecret, generateWebhookSecret } from './webhook-secret';

interface WebhookRow {
  id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_type: WebhookEventType;
  event_id: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  attempt_log: WebhookAttempt[] | string;
  created_at: Date;
  delivered_at: Date | null;
}

// The secret column is never selected by a read path: a bug in a mapper cannot leak it.
const WEBHOOK_COLUMNS = 'id, url, description, enabled, created_at, updated_at';
const DELIVERY_COLUMNS = `id, webhook_id, event_type, event_id, status, attempts, next_attempt_at,
  last_status_code, last_error, attempt_log, created_at, delivered_at`;
const WEBHOOKS: TenantTable = { table: 'webhooks', kind: 'webhook', what: 'Webhook' };

export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: toPublicId('webhook', row.id),
    url: row.url,
    description: row.description,
    enabled: row.enabled,
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

export function toWebhookDelivery(row: DeliveryRow): WebhookDelivery {
  const attempts =
    typeof row.attempt_log === 'string' ? JSON.parse(row.attempt_log) : row.attempt_log;
  return {
    id: toDeliveryId(row.id),
    webhookId: toPublicId('webhook', row.webhook_id),
    eventType: row.event_type,
    eventId: row.event_id ? toPublicId('healthEvent', row.event_id) : null,
    status: row.status,
    attemptCount: row.attempts,
    nextAttemptAt: row.status === 'pending' ? (toIso(row.next_attempt_at) ?? null) : null,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: toIso(row.created_at)!,
    deliveredAt: toIso(row.delivered_at) ?? null,
    attempts,
  };
}

/**
 * Each event fans out to every enabled webhook of its tenant: the cap bounds that fan-out (and
 * the outbound traffic one tenant can cause) per status change.
 */
export const MAX_WEBHOOKS_PER_TENANT = 20;

export async function createWebhook(
  db: Database,
  cipher: CredentialCipher,
  tenantId: string,
  input: CreateWebhookInput,
  now: Date,
): Promise<WebhookWithSecret> {
  const { uuid } = newId('webhook', now);
  const secret = generateWebhookSecret();
  // The count and the insert are one statement, so the cap holds without a transaction.
  const { rows } = await db.query<WebhookRow>(
    `INSERT INTO webhooks (id, tenant_id, url, description, secret_ciphertext, enabled, created_at,
       updated_at)
     SELECT $1, $2, $3, $4, $5, $6, $7, $7
      WHERE (SELECT count(*) FROM webhooks WHERE tenant_id = $2) < $8
     RETURNING ${WEBHOOK_COLUMNS}`,
    [
      uuid,
      tenantId,
      input.url,
      input.description || null,
      encryptWebhookSecret(cipher, secret, tenantId, uuid),
      input.enabled ?? true,
      now,
      MAX_WEBHOOKS_PER_TENANT,
    ],
  );
  const row = rows[0];
  if (!row) {
    throw tenantLimitReached('webhooks', MAX_WEBHOOKS_PER_TENANT, 'url');
  }
  return { ...toWebhook(row), secret };
}

export async function getWebhookRow(
  db: Database,
  tenantId: string,
  publicId: string,
): Promise<WebhookRow> {
  return getTenantRow<WebhookRow>(db, WEBHOOKS, WEBHOOK_COLUMNS, tenantId, publicId);
}

export async function listWebhooks(
  db: Database,
  tenantId: string,
  query: { limit: number; cursor?: string },
) {
  return listPage(db, {
    select: WEBHOOK_COLUMNS,
    from: 'webhooks',
    where: ['tenant_id = $1'],
    params: [tenantId],
    query,
    ids: publicIds('webhook'),
    toItem: (row: WebhookRow) => toWebhook(row),
  });
}

export async function updateWebhook(
  db: Database,
  tenantId: string,
  publicId: string,
  input: UpdateWebhookInput,
  now: Date,
): Promise<Webhook> {
  const current = await getWebhookRow(db, tenantId, publicId);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<WebhookRow>(
      `UPDATE webhooks SET url = $3, description = $4, enabled = $5, updated_at = $6
        WHERE id = $1 AND tenant_id = $2
        RETURNING ${WEBHOOK_COLUMNS}`,
      [
        current.id,
        tenantId,
        input.url ?? current.url,
        input.description === undefined ? current.description : input.description || null,
        input.enabled ?? current.enabled,
        now,
      ],
    );
    const row = rows[0];
    if (!row) throw notFound('Webhook', 'id');
    if (current.enabled && !row.enabled) {
      // Events queued while enabled are dropped rather than flooding the receiver with stale
      // state changes when it is turned back on.
      await tx.query(
        `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL,
           lease_owner = NULL, last_error = 'WEBHOOK_DISABLED'
          WHERE webhook_id = $1 AND status = 'pending'`,
        [row.id],
      );
    }
    return toWebhook(row);
  });
}

export async function deleteWebhook(
  db: Database,
  tenantId: string,
  publicId: string,
): Promise<void> {
  await deleteTenantRow(db, WEBHOOKS, tenantId, publicId);
}

export async function listDeliveries(
  db: Database,
  tenantId: string,
  publicId: string,
  query: { limit: number; cursor?: string; status?: WebhookDeliveryStatus },
) {
  const webhook = await getWebhookRow(db, tenantId, publicId);
  const params: unknown[] = [webhook.id, tenantId];
  const where = ['webhook_id = $1', 'tenant_id = $2'];
  if (query.status) {
    params.push(query.status);
    where.push(`status = $${params.length}`);
  }
  return listPage(db, {
    select: DELIVERY_COLUMNS,
    from: 'webhook_deliveries',
    where,
    params,
    query,
    ids: { decode: fromDeliveryId, encode: toDeliveryId },
    toItem: (row: DeliveryRow) => toWebhookDelivery(row),
  });
}

/** Queues a `webhook.test` delivery, due at once; the worker sends it like any other. */
export async function queueTestDelivery(
  db: Database,
  tenantId: string,
  publicId: string,
  now: Date,
): Promise<WebhookDelivery> {
  const webhook = await getWebhookRow(db, tenantId, publicId);
  if (!webhook.enabled) {
    throw new AppError('CONFLICT', 'The webhook is disabled; enable it to send a test', {
      field: 'enabled',
    });
  }
  const { rows } = await db.query<DeliveryRow>(
    `INSERT INTO webhook_deliveries (id, webhook_id, tenant_id, event_type, event_id, status,
       attempts, next_attempt_at, created_at)
     VALUES ($1, $2, $3, 'webhook.test', NULL, 'pending', 0, $4, $4)
     RETURNING ${DELIVERY_COLUMNS}`,
    [newUuid(now), webhook.id, tenantId, now],
  );
  return toWebhookDelivery(rows[0]!);
}

/**
 * Deletes finished (succeeded or failed) deliveries created before `before`; pending ones are
 * kept whatever their age. Returns how many rows went.
 */
export async function pruneWebhookDeliveries(db: Database, before: Date): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1`,
    [before],
  );
  return rowCount;
}
