import { performance } from 'node:perf_hooks';
import {
  type SweepSummary as CoreSweepSummary,
  emptySweepSummary,
  type HealthCheckStatus,
  intervalMsFromMinutes,
} from '@waygate/health-core';
import { attachLatencyBaselines } from '../baseline/latency-baseline';
import type { CredentialCipher } from '../crypto/credential-cipher';
import { createOutageReporter, isDatabaseUnavailable } from '../db/availability';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Prober } from '../outbound/prober';
import {
  countCheck,
  countHostPause,
  observeSchedulerLag,
  trackPipeline,
} from '../prometheus/metrics';
import { type CheckOutcome, executeCheck } from '../runner/execute-check';
import { recordChecks } from '../runner/record-checks';
import {
  type ClaimedCheck,
  claimDueConnections,
  countSkipped,
  DEFAULT_LEASE_MS,
  type HandBack,
  handBackClaims,
} from './claim-due';
import { type DispatchLimits, FairDispatcher } from './fair-dispatcher';

export interface PipelineDeps {
  db: Database;
  cipher: CredentialCipher;
  prober: Pick<Prober, 'probe'>;
  logger: Logger;
  now: () => Date;
  /** Called as each check starts, with how late it is against its slot (benchmarks, metrics). */
  onStart?: (check: ClaimedCheck, lagMs: number | null) => void;
}

export interface PipelineOptions extends Partial<DispatchLimits> {
  /** Lease owner: unique per process. */
  owner: string;
  checkTimeoutMs: number;
  /** Results are written when this many are waiting… */
  flushRows?: number;
  /** …or when the oldest has waited this long. */
  flushMs?: number;
  /** How often an idle claimer looks for due work. */
  idleMs?: number;
  /** Cap on a 429's pause (it is also capped at the connection's interval). */
  retryAfterMaxMs?: number;
  leaseMs?: number;
}

export type SweepSummary = Omit<CoreSweepSummary, 'webhookDeliveries'>;

export const PIPELINE_DEFAULTS = {
  concurrency: 200,
  hostConcurrency: 20,
  hostRequestsPerSecond: 100,
  flushRows: 500,
  flushMs: 250,
  idleMs: 5_000,
  retryAfterMaxMs: 900_000,
  /** A 429 without Retry-After pauses its pair this long. */
  defaultBackoffMs: 30_000,
} as const;

type Mode = { kind: 'continuous' } | { kind: 'pass'; deadline: number };

/** Shortest gap between claims while connections keep falling due (bounds claim traffic). */
const CLAIM_GAP_MS = 200;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Handed back at its original slot: due again at once. */
const originalSlot = (check: ClaimedCheck): HandBack => ({
  connectionId: check.context.connectionId,
  dueAt: check.dueAt,
});

interface Queued extends ClaimedCheck {
  tenantId: string;
  /** When it was claimed (monotonic), to hand it back long before its lease runs out. */
  claimedAt: number;
}

/**
 * The check pipeline: claim → queue → fair dispatch → probe → flush.
 *
 * A claimer keeps a small queue of claimed checks topped up (it claims when fewer than
 * `concurrency` are queued, up to twice that: never far more than can run), leaving out tenants
 * that already hold their share. The dispatcher starts checks round-robin across tenants and
 * hosts under the global, per-tenant and per-host limits. Results are written in batches by
 * size or age, fenced by the lease. Nothing waits for a "sweep": a slow tenant or host delays
 * only its own checks.
 *
 * `runContinuously()` runs until `drain()`; `runPass(budgetMs)` (cron endpoint, CLI) claims
 * until nothing is due or the budget is spent. Either way, stopping hands every unstarted claim
 * back at once (due again now, lease cleared), lets in-flight checks finish (each is bounded by
 * the check timeout) and flushes their results.
 */
export class CheckPipeline {
  readonly summary: SweepSummary;
  private readonly limits: DispatchLimits;
  private readonly dispatcher: FairDispatcher<Queued>;
  private readonly flushRows: number;
  private readonly flushMs: number;
  private readonly leaseMs: number;
  private stopping = false;
  private pending: { outcome: CheckOutcome; nextSlotAt: Date }[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  private writes: Promise<void> = Promise.resolve();
  private readonly running = new Set<Promise<void>>();
  private waiter: { wakeable: boolean; resolve: () => void } | null = null;
  private loop: Promise<void> | null = null;
  private latencySum = 0;
  private latencyMax = 0;
  private readonly started = performance.now();
  private readonly reportOutage: (error: unknown) => void;
  /** Removes this pipeline's queue and in-flight counts from the Prometheus gauges. */
  private readonly untrackMetrics: () => void;

  constructor(
    private readonly deps: PipelineDeps,
    private readonly options: PipelineOptions,
  ) {
    const concurrency = Math.max(1, options.concurrency ?? PIPELINE_DEFAULTS.concurrency);
    this.limits = {
      concurrency,
      tenantConcurrency: Math.max(
        1,
        options.tenantConcurrency ?? Math.max(1, Math.floor(concurrency / 2)),
      ),
      hostConcurrency: Math.max(1, options.hostConcurrency ?? PIPELINE_DEFAULTS.hostConcurrency),
      hostRequestsPerSecond: Math.max(
        1,
        options.hostRequestsPerSecond ?? PIPELINE_DEFAULTS.hostRequestsPerSecond,
      ),
    };
    this.dispatcher = new FairDispatcher(this.limits);
    this.untrackMetrics = trackPipeline(this.dispatcher);
    this.flushRows = Math.max(1, options.flushRows ?? PIPELINE_DEFAULTS.flushRows);
    this.flushMs = Math.max(1, options.flushMs ?? PIPELINE_DEFAULTS.flushMs);
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.reportOutage = createOutageReporter(deps.logger, 'scheduler');
    this.summary = emptySweepSummary(options.owner);
  }

  /** Claimed checks held at most (queued, not started): a claim's worth beyond what runs. */
  private get queueTarget(): number {
    return this.limits.concurrency * 2;
  }

  /** The claimer claims again when the queue falls to this. */
  private get lowWater(): number {
    return this.limits.concurrency;
  }

  /** Runs until `drain()`. */
  runContinuously(): Promise<void> {
    this.loop ??= this.claimLoop({ kind: 'continuous' });
    return this.loop;
  }

  /** One budgeted pass: claims until nothing is due or `budgetMs` is spent, then drains. */
  async runPass(budgetMs = Number.POSITIVE_INFINITY): Promise<SweepSummary> {
    const skipped = await countSkipped(this.deps.db, this.deps.now());
    Object.assign(this.summary.skipped, skipped);
    const deadline = performance.now() + budgetMs;
    const budgetTimer = Number.isFinite(budgetMs)
      ? setTimeout(() => void this.drain('budget_exhausted'), Math.max(0, budgetMs))
      : null;
    try {
      this.loop ??= this.claimLoop({ kind: 'pass', deadline });
      await this.loop;
      await this.drain('budget_exhausted');
    } finally {
      if (budgetTimer) clearTimeout(budgetTimer);
    }
    return this.finishSummary();
  }

  /**
   * Stops claiming, hands every unstarted claim back (due again at once, lease cleared), waits
   * for in-flight checks (each bounded by the check timeout) and writes their results.
   */
  async drain(reason: 'budget_exhausted' | null = null): Promise<void> {
    this.stopping = true;
    this.wake(true);
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    await this.loop?.catch(() => undefined);
    const unstarted = this.dispatcher.removeWhere();
    if (reason) this.summary.skipped[reason] += unstarted.length;
    await this.handBack(unstarted.map(originalSlot));
    while (this.running.size > 0) await Promise.all([...this.running]);
    this.flush();
    await this.writes;
    this.untrackMetrics();
  }

  private finishSummary(): SweepSummary {
    const summary = this.summary;
    const concurrency = this.limits.concurrency;
    summary.durationMs = Math.round(performance.now() - this.started);
    summary.idealMs = Math.round(Math.max(this.latencyMax, this.latencySum / concurrency));
    summary.ratioToIdeal =
      summary.checked > 0 && summary.idealMs > 0
        ? Math.round((summary.durationMs / summary.idealMs) * 100) / 100
        : null;
    return summary;
  }

  private async claimLoop(mode: Mode): Promise<void> {
    const target = this.queueTarget;
    // A tenant may hold twice its in-flight share (queued + running) before claims skip it, and
    // a (tenant, host) pair twice what the host runs at once: a hanging or slow host cannot fill
    // the queue with checks that cannot start (the claimer would wait on them) — the rest of the
    // tenant's hosts, and every other tenant, keep being claimed.
    const tenantHold = this.limits.tenantConcurrency * 2;
    const pairHold = this.limits.hostConcurrency * 2;
    let failures = 0;
    let lastFound = Number.NEGATIVE_INFINITY;
    while (!this.stopping) {
      if (mode.kind === 'pass' && performance.now() >= mode.deadline) return;
      await this.handBackStale();
      const room = target - this.dispatcher.queued;
      if (this.dispatcher.queued > this.lowWater || room <= 0) {
        // Enough queued: a finishing check wakes the claimer when the queue runs low.
        await this.waitForWake(this.options.idleMs ?? PIPELINE_DEFAULTS.idleMs, true);
        continue;
      }
      let claimed: ClaimedCheck[];
      try {
        claimed = await claimDueConnections(this.deps.db, {
          owner: this.options.owner,
          now: this.deps.now(),
          limit: room,
          leaseMs: this.leaseMs,
          excludeTenants: this.dispatcher.tenantsHolding(tenantHold),
          excludeIntegrations: this.dispatcher.crowdedPairKeys(pairHold, (q) => q.integrationUuid),
          // Half a tenant's holding per claim: a tenant just under its limit overshoots little.
          perTenant: this.limits.tenantConcurrency,
        });
        failures = 0;
      } catch (error) {
        // The database is away: back off (up to 30 s) and try again; nothing is lost, leases
        // of anything claimed before simply run out.
        failures += 1;
        const backoff = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        this.reportOutage(error);
        await this.waitForWake(backoff, false);
        continue;
      }
      this.summary.claimed += claimed.length;
      await this.admit(claimed);
      if (claimed.length >= room) continue;
      if (mode.kind === 'pass') {
        if (this.dispatcher.queued === 0 && this.dispatcher.inFlight === 0) {
          if (claimed.length === 0) return;
          continue;
        }
        // Tenants left out for holding their share come back as their checks finish.
        await this.waitForWake(1_000, true);
        continue;
      }
      // Everything due now is claimed. Connections keep falling due, so look again soon while
      // claims found work within the idle interval (one empty claim in a steady stream must not
      // make the next slots wait a whole interval), and after the idle interval otherwise.
      const idleMs = this.options.idleMs ?? PIPELINE_DEFAULTS.idleMs;
      if (claimed.length > 0) lastFound = performance.now();
      await this.waitForWake(performance.now() - lastFound < idleMs ? CLAIM_GAP_MS : idleMs, false);
    }
  }

  /** Queues fresh claims; those of a paused (tenant, host) pair go straight back. */
  private async admit(claimed: readonly ClaimedCheck[]): Promise<void> {
    if (this.stopping) {
      await this.handBack(claimed.map(originalSlot));
      return;
    }
    // Only integrations that enabled `latencyBaseline` cost a lookup (cached per connection).
    await attachLatencyBaselines(
      this.deps.db,
      claimed.map((c) => c.context),
      this.deps.now(),
    );
    const nowMs = this.deps.now().getTime();
    const back: HandBack[] = [];
    for (const check of claimed) {
      const tenantId = check.context.tenantId;
      const until = this.dispatcher.pausedUntil(tenantId, check.host, nowMs);
      if (until !== null) {
        back.push({ connectionId: check.context.connectionId, dueAt: new Date(until) });
        continue;
      }
      this.dispatcher.enqueue({ ...check, tenantId, claimedAt: performance.now() });
    }
    this.summary.skipped.host_rate_limited += back.length;
    this.pump();
    await this.handBack(back);
  }

  /**
   * A check queued for half its lease is handed back rather than risk the lease running out
   * under it (another replica would then check it too).
   */
  private async handBackStale(): Promise<void> {
    const cutoff = performance.now() - this.leaseMs / 2;
    const stale = this.dispatcher.removeWhere((item) => item.claimedAt < cutoff);
    await this.handBack(stale.map(originalSlot));
  }

  private async handBack(handBacks: HandBack[]): Promise<void> {
    if (handBacks.length === 0) return;
    try {
      await handBackClaims(this.deps.db, this.options.owner, handBacks);
    } catch (error) {
      // Not handed back: their leases run out and they are claimed again then.
      this.deps.logger.warn({ err: error, count: handBacks.length }, 'hand-back failed');
    }
  }

  private pump(): void {
    if (this.stopping) return;
    for (let item = this.dispatcher.take(); item; item = this.dispatcher.take()) {
      this.start(item);
    }
    if (this.dispatcher.queued > 0 && !this.pumpTimer) {
      const wait = this.dispatcher.rateWaitMs();
      if (wait !== null) {
        this.pumpTimer = setTimeout(() => {
          this.pumpTimer = null;
          this.pump();
        }, wait);
      }
    }
    if (this.dispatcher.queued <= this.lowWater) this.wake();
  }

  private start(item: Queued): void {
    const startedAt = this.deps.now();
    const lagMs = item.dueAt ? startedAt.getTime() - item.dueAt.getTime() : null;
    observeSchedulerLag(lagMs);
    this.deps.onStart?.(item, lagMs);
    const run = executeCheck(item.context, 'scheduled', {
      cipher: this.deps.cipher,
      prober: this.deps.prober,
      now: this.deps.now,
      timeoutMs: this.options.checkTimeoutMs,
    })
      .then((outcome) => this.completed(item, outcome))
      .catch(async (error) => {
        // executeCheck maps every failure itself; this is a bug guard: give the claim back.
        this.deps.logger.error({ err: error }, 'check failed unexpectedly');
        await this.handBack([originalSlot(item)]);
      })
      .finally(() => {
        this.dispatcher.finish(item);
        this.running.delete(run);
        this.pump();
      });
    this.running.add(run);
  }

  private async completed(item: Queued, outcome: CheckOutcome): Promise<void> {
    const summary = this.summary;
    summary.checked += 1;
    summary.outboundCalls += outcome.outboundCalls;
    countCheck(outcome.check);
    this.latencySum += outcome.check.latencyMs;
    this.latencyMax = Math.max(this.latencyMax, outcome.check.latencyMs);
    this.pending.push({ outcome, nextSlotAt: item.nextSlotAt });
    if (this.pending.length >= this.flushRows) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.flushMs);
    if (outcome.check.error?.code === 'RATE_LIMITED') await this.pausePair(item, outcome);
  }

  /**
   * A 429 pauses only this tenant's checks to this host, for Retry-After capped at the
   * connection's interval and at `retryAfterMaxMs` (a hostile `Retry-After: 999999999` cannot
   * park anything for long), and its queued checks are handed back at once, due when the pause
   * ends, instead of being held.
   */
  private async pausePair(item: Queued, outcome: CheckOutcome): Promise<void> {
    const asked = outcome.retryAfterMs ?? PIPELINE_DEFAULTS.defaultBackoffMs;
    const pauseMs = Math.min(
      Math.max(0, asked),
      intervalMsFromMinutes(item.context.integration.healthCheckConfig.intervalMinutes),
      this.options.retryAfterMaxMs ?? PIPELINE_DEFAULTS.retryAfterMaxMs,
    );
    if (pauseMs <= 0) return;
    const nowMs = this.deps.now().getTime();
    const until = nowMs + pauseMs;
    const removed = this.dispatcher.pause(item.tenantId, item.host, until, nowMs);
    countHostPause();
    this.summary.skipped.host_rate_limited += removed.length;
    await this.handBack(
      removed.map((r) => ({ connectionId: r.context.connectionId, dueAt: new Date(until) })),
    );
  }

  private flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    // One write at a time, in the order batches filled up.
    this.writes = this.writes.then(() => this.write(batch));
  }

  private async write(batch: { outcome: CheckOutcome; nextSlotAt: Date }[]): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await recordChecks(
          this.deps.db,
          batch.map((b) => b.outcome),
          { leaseOwner: this.options.owner, nextCheckAt: batch.map((b) => b.nextSlotAt) },
        );
        this.summary.fenced += result.fenced.length;
        this.summary.events += result.events;
        for (const outcome of result.written) {
          this.summary[outcome.check.status as HealthCheckStatus] += 1;
        }
        return;
      } catch (error) {
        // The database is away: keep the batch and retry (a running process holds at most
        // 2 × concurrency results, and claims fail too meanwhile). A late write is still fenced
        // by its lease. Only a process that is stopping gives up after a few tries: its leases
        // run out and the connections are checked again; the log says how many results were lost.
        if (this.stopping && attempt >= 3) {
          this.deps.logger.error(
            { err: error, lost: batch.length },
            'writing check results failed; giving up while stopping',
          );
          return;
        }
        if (isDatabaseUnavailable(error)) this.reportOutage(error);
        else if (attempt === 0) {
          this.deps.logger.warn({ err: error, batch: batch.length }, 'writing results failed');
        }
        await sleep(Math.min(10_000, 250 * 2 ** attempt));
      }
    }
  }

  /** Wakes a waiting claimer: always when stopping, else only if it waits for room. */
  private wake(force = false): void {
    const waiter = this.waiter;
    if (!waiter || !(force || waiter.wakeable)) return;
    this.waiter = null;
    waiter.resolve();
  }

  private waitForWake(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const waiter = { wakeable, resolve: done };
      this.waiter = waiter;
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.waiter === waiter) self.waiter = null;
        resolve();
      }
    });
  }
}

/**
 * One budgeted pass with the pipeline's machinery (the cron endpoint and `waygate-health
 * sweep`): claims until nothing is due or `budgetMs` is spent, hands the rest back, and answers
 * with its summary.
 */
export async function runSweep(
  deps: PipelineDeps,
  options: PipelineOptions & { budgetMs?: number },
): Promise<SweepSummary> {
  const summary = await new CheckPipeline(deps, options).runPass(options.budgetMs);
  deps.logger.info({ sweep: summary }, 'health check sweep');
  return summary;
}
