import { randomUUID } from 'node:crypto';
import type {
  HealthEvent,
  HealthReason,
  WebhookAttempt,
  WebhookEventType,
  WebhookPayload,
} from '@waygate/health-core';
import type { CredentialCipher } from '../crypto/credential-cipher';
import { type Database, toIso } from '../db/database';
import { toPublicId } from '../ids';
import type { Logger } from '../logger';
import type { AllowList } from '../outbound/allow-list';
import type { ResolveAll } from '../outbound/guarded-lookup';
import { countDelivery, DELIVERY_OUTCOME } from '../prometheus/metrics';
import { toDeliveryId } from './delivery-ids';
import { MAX_DELIVERY_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS } from './retry-schedule';
import { decryptWebhookSecret, signPayload } from './webhook-secret';
import { createWebhookSender, type WebhookSender, type WebhookSendResult } from './webhook-sender';
import { pruneWebhookDeliveries } from './webhook-service';

export interface DeliveryDeps {
  db: Database;
  cipher: CredentialCipher;
  logger: Logger;
  sender: WebhookSender;
  /** Waits between attempts; default `RETRY_DELAYS_MS`. */
  retryDelaysMs?: readonly number[];
}

export interface DeliverOptions {
  /** Names this worker in leases (e.g. host:pid); a fresh token is added per claim. */
  owner: string;
  /** Deliveries claimed and sent (concurrently) in this call. Default 50. */
  limit?: number;
  /** The clock for due times, attempt times and `webhook-timestamp`. Default: now. */
  now?: Date;
}

export interface DeliverySummary {
  claimed: number;
  succeeded: number;
  /** Failed attempts that will be retried. */
  retrying: number;
  /** Deliveries that failed for good (attempts used up, or a destination the guard refuses). */
  failed: number;
}

interface ClaimedRow {
  id: string;
  webhook_id: string;
  tenant_id: string;
  event_type: WebhookEventType;
  event_id: string | null;
  attempts: number;
  created_at: Date;
  url: string;
  secret_ciphertext: string;
  connection_id: string | null;
  connection_name: string | null;
  health_check_id: string | null;
  from_status: HealthEvent['fromStatus'];
  to_status: HealthEvent['toStatus'] | null;
  reasons: HealthReason[] | null;
  event_created_at: Date | null;
}

/** A send result, or a failure decided before sending (e.g. an unreadable secret). */
type AttemptResult = Omit<WebhookSendResult, 'error'> & {
  error?: { code: string; message: string };
};

// A claim hides the delivery from other workers for this long; it must outlast one send (10 s
// timeout) plus the result write, and is what a crashed worker costs: the delivery is retried
// once the lease has passed.
const LEASE_SECONDS = 60;
// Errors no retry can fix: the guard's answer only changes when the operator changes the
// allow-list, and a malformed URL stays malformed.
const FINAL_ERRORS = new Set(['SSRF_BLOCKED', 'INVALID_URL', 'SECRET_UNREADABLE']);
const USER_AGENT = 'waygate-health-webhooks/0.1';
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Claims due deliveries (FOR UPDATE SKIP LOCKED, so replicas never claim the same row), sends
 * them concurrently, and records the batch's attempts in one statement: two round trips per
 * batch. The claim moves `next_attempt_at` past a lease and stamps a per-claim token; results
 * are written only while that token still holds, so a worker that stalled beyond its lease
 * cannot overwrite the newer attempt.
 */
export async function deliverDueWebhooks(
  deps: DeliveryDeps,
  options: DeliverOptions,
): Promise<DeliverySummary> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 50;
  const token = `${options.owner}:${randomUUID()}`;
  const { rows } = await deps.db.query<ClaimedRow>(
    `WITH due AS (
       SELECT d.id FROM webhook_deliveries d
         JOIN webhooks w ON w.id = d.webhook_id AND w.enabled
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1
        ORDER BY d.next_attempt_at
        LIMIT $3
        FOR UPDATE OF d SKIP LOCKED
     ),
     claimed AS (
       UPDATE webhook_deliveries d
          SET next_attempt_at = $1::timestamptz + make_interval(secs => $4), lease_owner = $2
         FROM due WHERE d.id = due.id
       RETURNING d.id, d.webhook_id, d.tenant_id, d.event_type, d.event_id, d.attempts,
                 d.created_at
     )
     SELECT c.*, w.url, w.secret_ciphertext, e.connection_id, conn.name AS connection_name,
            e.health_check_id, e.from_status, e.to_status, e.reasons,
            e.created_at AS event_created_at
       FROM claimed c
       JOIN webhooks w ON w.id = c.webhook_id
       LEFT JOIN health_events e ON e.id = c.event_id
       LEFT JOIN connections conn ON conn.id = e.connection_id`,
    [now, token, limit, LEASE_SECONDS],
  );
  const summary: DeliverySummary = { claimed: rows.length, succeeded: 0, retrying: 0, failed: 0 };
  const records = await Promise.all(rows.map((row) => deliverOne(deps, row, now)));
  await writeAttempts(deps, token, now, records);
  for (const { status } of records) {
    summary[status === 'pending' ? 'retrying' : status] += 1;
    countDelivery('webhook', DELIVERY_OUTCOME[status]);
  }
  if (rows.length > 0) deps.logger.info({ webhooks: summary }, 'webhook deliveries');
  return summary;
}

function buildPayload(row: ClaimedRow): WebhookPayload {
  if (row.event_type === 'webhook.test' || !row.event_id || !row.to_status) {
    return {
      type: 'webhook.test',
      timestamp: toIso(row.created_at)!,
      data: {
        webhookId: toPublicId('webhook', row.webhook_id),
        message: 'Test event from Waygate Health',
      },
    };
  }
  const data: HealthEvent = {
    id: toPublicId('healthEvent', row.event_id),
    connectionId: toPublicId('connection', row.connection_id!),
    connectionName: row.connection_name ?? '',
    ...(row.health_check_id
      ? { healthCheckId: toPublicId('healthCheck', row.health_check_id) }
      : {}),
    fromStatus: row.from_status,
    toStatus: row.to_status,
    reasons: row.reasons ?? [],
    createdAt: toIso(row.event_created_at)!,
  };
  return { type: 'connection.health_changed', timestamp: data.createdAt, data };
}

async function deliverOne(deps: DeliveryDeps, row: ClaimedRow, now: Date): Promise<AttemptRecord> {
  let secret: string;
  try {
    secret = decryptWebhookSecret(
      deps.cipher,
      row.secret_ciphertext,
      row.tenant_id,
      row.webhook_id,
    );
  } catch {
    // A secret we cannot open (key changed, tampered row) will not open on a retry either.
    deps.logger.warn(
      { webhookId: toPublicId('webhook', row.webhook_id) },
      'webhook secret could not be decrypted; delivery failed',
    );
    return attemptRecord(deps, row, now, {
      success: false,
      latencyMs: 0,
      error: { code: 'SECRET_UNREADABLE', message: 'webhook secret could not be decrypted' },
    });
  }
  const messageId = toDeliveryId(row.id);
  const body = JSON.stringify(buildPayload(row));
  const timestamp = Math.floor(now.getTime() / 1000);
  const result = await deps.sender.send({
    url: row.url,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signPayload(secret, messageId, timestamp, body),
    },
  });
  return attemptRecord(deps, row, now, result);
}

interface AttemptRecord {
  id: string;
  status: 'succeeded' | 'pending' | 'failed';
  attempts: number;
  next: Date | null;
  statusCode: number | null;
  lastError: string | null;
  attempt: WebhookAttempt;
}

/** What one attempt changes on its delivery: the outcome, the backoff, the log entry. */
function attemptRecord(
  deps: DeliveryDeps,
  row: ClaimedRow,
  now: Date,
  result: AttemptResult,
): AttemptRecord {
  const attempts = row.attempts + 1;
  const attempt: WebhookAttempt = {
    at: now.toISOString(),
    statusCode: result.statusCode ?? null,
    errorCode: result.success ? null : (result.error?.code ?? 'NETWORK_ERROR'),
    latencyMs: result.latencyMs,
  };
  let status: AttemptRecord['status'] = 'succeeded';
  let next: Date | null = null;
  if (!result.success) {
    const final = FINAL_ERRORS.has(attempt.errorCode ?? '');
    next = final ? null : nextAttemptAt(attempts, now, deps.retryDelaysMs ?? RETRY_DELAYS_MS);
    status = next ? 'pending' : 'failed';
  }
  return {
    id: row.id,
    status,
    attempts,
    next,
    statusCode: attempt.statusCode,
    // Only the error code and the guard's host-only message are kept: never the receiver's body.
    lastError: result.success ? null : (result.error?.message ?? attempt.errorCode),
    attempt,
  };
}

/**
 * Writes a batch's attempts in ONE statement. Only rows whose lease still carries this claim's
 * token are written: a delivery re-claimed by another worker after this one stalled keeps the
 * newer attempt, and this late result is dropped.
 */
async function writeAttempts(
  deps: DeliveryDeps,
  token: string,
  now: Date,
  records: AttemptRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const { rows } = await deps.db.query<{ id: string }>(
    `UPDATE webhook_deliveries d SET
       status = i.status, attempts = i.attempts, next_attempt_at = i.next_attempt_at,
       lease_owner = NULL, last_status_code = i.status_code, last_error = i.last_error,
       attempt_log = d.attempt_log || jsonb_build_array(i.attempt::jsonb),
       delivered_at = CASE WHEN i.status = 'succeeded' THEN $8::timestamptz ELSE d.delivered_at END
     FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::text[],
                 $7::text[]) AS i(id, status, attempts, next_attempt_at, status_code, last_error,
                                  attempt)
     WHERE d.id = i.id AND d.lease_owner = $9 AND d.status = 'pending'
     RETURNING d.id`,
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
  if (rows.length < records.length) {
    const written = new Set(rows.map((r) => r.id));
    for (const record of records.filter((r) => !written.has(r.id))) {
      deps.logger.warn(
        { deliveryId: toDeliveryId(record.id) },
        'webhook delivery lease lost before its result was written; the newer attempt stands',
      );
    }
  }
}

export interface WebhookWorkerDeps {
  db: Database;
  cipher: CredentialCipher;
  logger: Logger;
  /** `WAYGATE_OUTBOUND_ALLOW`, the same list the prober honours. */
  allowList: AllowList;
  timeoutMs?: number;
  resolveAll?: ResolveAll;
}

export interface WebhookWorkerOptions {
  /** Pause between polls when nothing was due. Default 5 s. */
  intervalMs?: number;
  /** Finished deliveries older than this are deleted (checked hourly). Default 30 days. */
  retentionDays?: number;
  owner?: string;
  limit?: number;
}

/**
 * Polls for due deliveries until stopped. A full batch polls again at once, so a backlog drains
 * at send speed. `stop()` waits for the batch in flight, then closes the sender's sockets.
 */
export function startWebhookWorker(
  deps: WebhookWorkerDeps,
  options: WebhookWorkerOptions = {},
): { stop(): Promise<void> } {
  const sender = createWebhookSender({
    allowList: deps.allowList,
    timeoutMs: deps.timeoutMs,
    resolveAll: deps.resolveAll,
  });
  const delivery: DeliveryDeps = { db: deps.db, cipher: deps.cipher, logger: deps.logger, sender };
  const intervalMs = options.intervalMs ?? 5_000;
  const limit = options.limit ?? 50;
  const owner = options.owner ?? `webhooks:${process.pid}`;
  const retentionMs = (options.retentionDays ?? 30) * 24 * 60 * 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastPrune = 0;

  const tick = async () => {
    let full = false;
    try {
      const now = new Date();
      if (now.getTime() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now.getTime();
        await pruneWebhookDeliveries(deps.db, new Date(now.getTime() - retentionMs));
      }
      const summary = await deliverDueWebhooks(delivery, { owner, limit, now });
      full = summary.claimed >= limit;
    } catch (error) {
      deps.logger.error(
        { err: { message: (error as Error).message } },
        'webhook worker tick failed',
      );
    }
    if (!stopped) schedule(full ? 0 : intervalMs);
  };
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      running = tick();
    }, delay);
    timer.unref?.();
  };
  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await sender.close();
    },
  };
}

/**
 * One pass for deployments without a long-running worker (the cron endpoint, `sweep`): a sender
 * for this call only, closed before returning.
 */
export async function deliverWebhooksOnce(
  deps: WebhookWorkerDeps,
  options: DeliverOptions,
): Promise<DeliverySummary> {
  const sender = createWebhookSender({
    allowList: deps.allowList,
    timeoutMs: deps.timeoutMs,
    resolveAll: deps.resolveAll,
  });
  try {
    return await deliverDueWebhooks(
      { db: deps.db, cipher: deps.cipher, logger: deps.logger, sender },
      options,
    );
  } finally {
    await sender.close();
  }
}

export { MAX_DELIVERY_ATTEMPTS };
