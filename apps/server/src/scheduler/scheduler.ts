import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { CheckPipeline, type PipelineDeps, runSweep, type SweepSummary } from './check-pipeline';
import { rollUpAndVacuumQueue, startFrequentMaintenance } from './maintenance';
import { type RetentionPolicy, runMaintenance } from './retention';
import { loadSchedulerConfig, type SchedulerConfig } from './scheduler-config';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface Scheduler {
  /**
   * One budgeted pass now (the cron endpoint and `waygate-health sweep`), independent of the
   * continuous pipeline; passes in one process run one after another.
   */
  sweepOnce(options?: { budgetMs?: number }): Promise<SweepSummary>;
  /** Drains: stops claiming, hands unstarted claims back, finishes in-flight checks, flushes. */
  stop(): Promise<void>;
}

export type SchedulerDeps = PipelineDeps & { logger: Logger };

/** A lease owner unique to this process: host, pid and a random suffix. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * The scheduler of one process: the continuous check pipeline (`start`), budgeted passes
 * (`sweepOnce`) and daily maintenance (retention, partitions), which also rides on passes so
 * cron-only deployments keep partitions ahead and history within retention.
 */
export function createScheduler(
  deps: SchedulerDeps,
  config: SchedulerConfig,
  retention: RetentionPolicy,
): Scheduler & { start(): void } {
  const owner = newOwnerId();
  const limits = {
    concurrency: config.concurrency,
    tenantConcurrency: config.tenantConcurrency,
    hostConcurrency: config.hostConcurrency,
    hostRequestsPerSecond: config.hostRequestsPerSecond,
    checkTimeoutMs: config.checkTimeoutMs,
    flushRows: config.flushRows,
    flushMs: config.flushMs,
    idleMs: config.tickMs,
    retryAfterMaxMs: config.retryAfterMaxMs,
  };
  let pipeline: CheckPipeline | null = null;
  let pass: Promise<SweepSummary> | null = null;
  let maintenanceTimer: ReturnType<typeof setInterval> | null = null;
  let frequentMaintenance: { stop(): Promise<void> } | null = null;
  let lastMaintenance = 0;
  let stopped = false;

  const maintainIfDue = async () => {
    const now = deps.now();
    if (now.getTime() - lastMaintenance < DAY_MS) return;
    lastMaintenance = now.getTime();
    try {
      const result = await runMaintenance(deps.db, now, retention);
      deps.logger.info({ maintenance: result }, 'health check retention');
    } catch (error) {
      // Housekeeping must never stop checks; it is tried again a day later.
      deps.logger.error({ err: error }, 'health check retention failed');
    }
  };

  const sweepOnce = async (options: { budgetMs?: number } = {}): Promise<SweepSummary> => {
    while (pass) await pass.catch(() => undefined);
    pass = maintainIfDue().then(async () => {
      const summary = await runSweep(deps, {
        ...limits,
        owner: `${owner}:pass`,
        budgetMs: options.budgetMs,
      });
      // Cron-only deployments have no maintenance loop: each pass moves the rollup queue.
      await rollUpAndVacuumQueue(deps.db).catch((error) => {
        deps.logger.error({ err: error }, 'rollup pass failed');
      });
      return summary;
    });
    try {
      return await pass;
    } finally {
      pass = null;
    }
  };

  return {
    sweepOnce,
    start() {
      if (pipeline || stopped) return;
      pipeline = new CheckPipeline(deps, { ...limits, owner });
      void maintainIfDue();
      maintenanceTimer = setInterval(() => void maintainIfDue(), HOUR_MS);
      maintenanceTimer.unref();
      frequentMaintenance = startFrequentMaintenance(deps.db, deps.logger);
      pipeline.runContinuously().catch((error) => {
        deps.logger.error({ err: error }, 'health check pipeline stopped');
      });
      deps.logger.info({ owner, ...limits }, 'health check pipeline started');
    },
    async stop() {
      stopped = true;
      if (maintenanceTimer) clearInterval(maintenanceTimer);
      await Promise.all([
        pipeline?.drain(),
        pass?.catch(() => undefined),
        frequentMaintenance?.stop(),
      ]);
    },
  };
}

/**
 * The scheduler as `serve`, the cron endpoint and `waygate-health sweep` run it: its settings
 * from the environment (WAYGATE_SCHEDULER_*, WAYGATE_CHECK_CONCURRENCY, …) and retention from
 * the server's configuration.
 */
export function createConfiguredScheduler(
  deps: Omit<SchedulerDeps, 'now'>,
  config: Pick<Config, 'checkTimeoutMs' | 'retentionDays'>,
  env: Record<string, string | undefined> = process.env,
) {
  const schedulerConfig = loadSchedulerConfig(env, config.checkTimeoutMs);
  const scheduler = createScheduler({ ...deps, now: () => new Date() }, schedulerConfig, {
    healthCheckDays: config.retentionDays,
    hourlyRollupDays: schedulerConfig.hourlyRollupDays,
    dailyRollupDays: schedulerConfig.dailyRollupDays,
  });
  return { scheduler, schedulerConfig };
}
