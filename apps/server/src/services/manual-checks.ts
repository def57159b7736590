import type { HealthCheck } from '@waygate/health-core';
import { attachLatencyBaselines } from '../baseline/latency-baseline';
import type { Config } from '../config';
import type { CredentialCipher } from '../crypto/credential-cipher';
import type { Database } from '../db/database';
import { AppError, notFound } from '../errors';
import type { Logger } from '../logger';
import type { Prober } from '../outbound/prober';
import { countCheck } from '../prometheus/metrics';
import { loadCheckContexts } from '../runner/check-context';
import { executeCheck } from '../runner/execute-check';
import { recordChecks } from '../runner/record-checks';
import { reserveManualCheckSlot } from './health-checks';

export interface ManualCheckDeps {
  db: Database;
  cipher: CredentialCipher;
  prober: Pick<Prober, 'probe'>;
  config: Pick<Config, 'manualCheckLimit' | 'checkTimeoutMs'>;
  logger: Logger;
  now: () => Date;
}

const WINDOW_MS = 60_000;

/**
 * `POST /connections/:id/health-checks`: the runner's two steps with a batch of one, run
 * synchronously. The per-minute limit is a slot reserved in the database before anything runs
 * (`reserveManualCheckSlot`: one conditional UPDATE under the connection's row lock), so it holds
 * under concurrency and across replicas: at most `manualCheckLimit` checks, and so upstream calls,
 * per connection per minute. The slot is kept whatever the check's outcome.
 */
export async function runManualCheck(
  deps: ManualCheckDeps,
  tenantId: string,
  connectionId: string,
): Promise<HealthCheck> {
  const limit = deps.config.manualCheckLimit;
  const slot = await reserveManualCheckSlot(
    deps.db,
    tenantId,
    connectionId,
    deps.now(),
    limit,
    WINDOW_MS,
  );
  if (!slot.reserved) {
    if (slot.reason === 'not_found') throw notFound('Connection');
    const { retryAfterSeconds } = slot;
    throw new AppError(
      'RATE_LIMITED',
      `At most ${limit} manual checks per connection per minute`,
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
  const [context] = await loadCheckContexts(deps.db, [connectionId], tenantId);
  if (!context) throw notFound('Connection');
  await attachLatencyBaselines(deps.db, [context], deps.now());
  const outcome = await executeCheck(context, 'manual', {
    cipher: deps.cipher,
    prober: deps.prober,
    now: deps.now,
    timeoutMs: deps.config.checkTimeoutMs,
  });
  const result = await recordChecks(deps.db, [outcome]);
  if (result.written.length === 0) throw notFound('Connection');
  countCheck(outcome.check);
  deps.logger.info(
    {
      connectionId: outcome.check.connectionId,
      healthCheckId: outcome.check.id,
      status: outcome.check.status,
      outboundCalls: outcome.outboundCalls,
      latencyMs: outcome.check.latencyMs,
      errorCode: outcome.check.error?.code,
    },
    'manual health check',
  );
  // The written copy: recordChecks sets `inMaintenance` on it during a maintenance window.
  return result.written[0]?.check ?? outcome.check;
}
