import { performance } from 'node:perf_hooks';
import type { SweepSummary as CoreSweepSummary, HealthCheckStatus } from '@waygate/health-core';
import type { CredentialCipher } from '../crypto/credential-cipher';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Prober } from '../outbound/prober';
import type { CheckContext } from '../runner/check-context';
import { type CheckOutcome, executeCheck } from '../runner/execute-check';
import { recordChecks } from '../runner/record-checks';
import { claimDueConnections, countSkipped, releaseClaims } from './claim-due';
import type { HostLimiter } from './host-limiter';

export interface SweepDeps {
  db: Database;
  cipher: CredentialCipher;
  prober: Pick<Prober, 'probe'>;
  logger: Logger;
  hostLimiter: HostLimiter;
  now: () => Date;
}

export interface SweepOptions {
  /** Lease owner: unique per replica (and per sweep loop). */
  owner: string;
  /** Checks in flight at once across all hosts. */
  concurrency: number;
  checkTimeoutMs: number;
  /** Stop starting checks after this long; unstarted claims are handed back (cron time limits). */
  budgetMs?: number;
  /** At most this many connections per sweep. */
  maxClaim?: number;
  /** Results written per statement. */
  batchSize?: number;
  leaseMs?: number;
}

export type SweepSummary = Omit<CoreSweepSummary, 'webhookDeliveries'>;

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_MAX_CLAIM = 20_000;

function hostOf(context: CheckContext): string {
  try {
    return new URL(context.integration.baseUrl).host;
  } catch {
    return '';
  }
}

/**
 * Orders claimed connections round-robin across upstream hosts. Claims come back grouped by
 * integration; dispatched in that order, every worker would queue behind the first host's
 * per-host limit while the other hosts sit idle.
 */
export function interleaveByHost(contexts: readonly CheckContext[]): CheckContext[] {
  const byHost = new Map<string, CheckContext[]>();
  for (const context of contexts) {
    const host = hostOf(context);
    const queue = byHost.get(host);
    if (queue) queue.push(context);
    else byHost.set(host, [context]);
  }
  const queues = [...byHost.values()];
  const ordered: CheckContext[] = [];
  for (let round = 0; ordered.length < contexts.length; round += 1) {
    for (const queue of queues) {
      const context = queue[round];
      if (context) ordered.push(context);
    }
  }
  return ordered;
}

/**
 * One sweep: claim every due connection (one statement), check them with bounded global and
 * per-host concurrency, and write results in batches of `batchSize` (one statement each, fenced
 * by the lease). Round trips: 1 claim + 1 skip count + ceil(N / batchSize) writes (+1 release
 * when the budget runs out).
 */
export async function runSweep(deps: SweepDeps, options: SweepOptions): Promise<SweepSummary> {
  const started = performance.now();
  const deadline = options.budgetMs === undefined ? Infinity : started + options.budgetMs;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const now = deps.now();
  const [claimed, skippedBefore] = await Promise.all([
    claimDueConnections(deps.db, {
      owner: options.owner,
      now,
      limit: options.maxClaim ?? DEFAULT_MAX_CLAIM,
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    }),
    countSkipped(deps.db, now),
  ]);
  const contexts = interleaveByHost(claimed);

  const summary: SweepSummary = {
    owner: options.owner,
    claimed: contexts.length,
    checked: 0,
    fenced: 0,
    skipped: { ...skippedBefore, budget_exhausted: 0, host_rate_limited: 0 },
    healthy: 0,
    degraded: 0,
    unhealthy: 0,
    outboundCalls: 0,
    events: 0,
    durationMs: 0,
    idealMs: 0,
    ratioToIdeal: null,
  };

  let pending: CheckOutcome[] = [];
  let writes = Promise.resolve();
  let latencySum = 0;
  let latencyMax = 0;
  const unstarted: string[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    // Writes are chained: one statement at a time, in the order batches filled up.
    writes = writes.then(async () => {
      const result = await recordChecks(deps.db, batch, { leaseOwner: options.owner });
      summary.fenced += result.fenced.length;
      summary.events += result.events;
      for (const outcome of result.written) {
        summary[outcome.check.status as HealthCheckStatus] += 1;
      }
    });
  };

  let next = 0;
  const worker = async () => {
    while (next < contexts.length) {
      const context = contexts[next++]!;
      const host = hostOf(context);
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        summary.skipped.budget_exhausted += 1;
        unstarted.push(context.connectionId);
        continue;
      }
      if (deps.hostLimiter.pausedFor(host) > Math.min(remaining, options.checkTimeoutMs)) {
        // The host asked us to slow down (429): leave it for a later sweep.
        summary.skipped.host_rate_limited += 1;
        unstarted.push(context.connectionId);
        continue;
      }
      const outcome = await deps.hostLimiter.run(host, () =>
        executeCheck(context, 'scheduled', {
          cipher: deps.cipher,
          prober: deps.prober,
          now: deps.now,
          timeoutMs: options.checkTimeoutMs,
        }),
      );
      if (outcome.check.error?.code === 'RATE_LIMITED') {
        deps.hostLimiter.pause(host, outcome.retryAfterMs);
      }
      summary.checked += 1;
      summary.outboundCalls += outcome.outboundCalls;
      latencySum += outcome.check.latencyMs;
      latencyMax = Math.max(latencyMax, outcome.check.latencyMs);
      pending.push(outcome);
      if (pending.length >= batchSize) flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  if (pending.length > 0) flush();
  await writes;
  await releaseClaims(deps.db, options.owner, unstarted);

  summary.durationMs = Math.round(performance.now() - started);
  summary.idealMs = Math.round(Math.max(latencyMax, latencySum / Math.max(1, options.concurrency)));
  summary.ratioToIdeal =
    summary.checked > 0 && summary.idealMs > 0
      ? Math.round((summary.durationMs / summary.idealMs) * 100) / 100
      : null;
  deps.logger.info({ sweep: summary }, 'health check sweep');
  return summary;
}
