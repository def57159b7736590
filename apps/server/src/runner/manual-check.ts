import type { HealthCheck } from '@waygate/health-core';
import type { Config } from '../config';
import type { CredentialCipher } from '../crypto/credential-cipher';
import type { Database } from '../db/database';
import { AppError, notFound } from '../errors';
import type { Logger } from '../logger';
import type { Prober } from '../outbound/prober';
import { recentManualChecks } from '../services/health-checks';
import { loadCheckContexts } from './check-context';
import { executeCheck } from './execute-check';
import { recordChecks } from './record-checks';

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
 * synchronously. The per-minute limit is counted from stored manual checks, so it holds across
 * replicas (two requests racing on two replicas can both pass; the next one is refused).
 */
export async function runManualCheck(
  deps: ManualCheckDeps,
  tenantId: string,
  connectionId: string,
): Promise<HealthCheck> {
  const [context] = await loadCheckContexts(deps.db, [connectionId], tenantId);
  if (!context) throw notFound('Connection');
  const now = deps.now();
  const recent = await recentManualChecks(
    deps.db,
    connectionId,
    new Date(now.getTime() - WINDOW_MS),
  );
  if (recent.count >= deps.config.manualCheckLimit) {
    const waitMs = recent.oldest ? recent.oldest.getTime() + WINDOW_MS - now.getTime() : WINDOW_MS;
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError(
      429,
      'RATE_LIMITED',
      `At most ${deps.config.manualCheckLimit} manual checks per connection per minute`,
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
  const outcome = await executeCheck(context, 'manual', {
    cipher: deps.cipher,
    prober: deps.prober,
    now: deps.now,
    timeoutMs: deps.config.checkTimeoutMs,
  });
  const result = await recordChecks(deps.db, [outcome]);
  if (result.written.length === 0) throw notFound('Connection');
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
  return outcome.check;
}
