import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { HostLimiter } from './host-limiter';
import { type RetentionPolicy, runMaintenance } from './retention';
import { loadSchedulerConfig, type SchedulerConfig } from './scheduler-config';
import { runSweep, type SweepDeps, type SweepSummary } from './sweep';

const DAY_MS = 86_400_000;

export interface Scheduler {
  /** Runs one sweep now (the cron endpoint and `waygate-health sweep` use this). */
  sweepOnce(options?: { budgetMs?: number }): Promise<SweepSummary>;
  stop(): Promise<void>;
}

export type SchedulerDeps = Omit<SweepDeps, 'hostLimiter'> & { logger: Logger };

/** A lease owner unique to this process: host, pid and a random suffix. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * Builds the sweep runner shared by the in-process loop, the cron endpoint and the CLI. Sweeps
 * never overlap within one process (a second request waits for the running one).
 */
export function createScheduler(
  deps: SchedulerDeps,
  config: SchedulerConfig,
  retention: RetentionPolicy,
): Scheduler & { start(): void } {
  const hostLimiter = new HostLimiter({
    concurrency: config.hostConcurrency,
    requestsPerSecond: config.hostRequestsPerSecond,
  });
  const owner = newOwnerId();
  let running: Promise<SweepSummary> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let lastMaintenance = 0;

  // Daily housekeeping rides on sweeps, so cron-only deployments (a fresh process per call)
  // keep partitions ahead and history within retention too.
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
    while (running) await running.catch(() => undefined);
    running = maintainIfDue().then(() =>
      runSweep(
        { ...deps, hostLimiter },
        {
          owner,
          concurrency: config.concurrency,
          checkTimeoutMs: config.checkTimeoutMs,
          batchSize: config.batchSize,
          ...(options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}),
        },
      ),
    );
    try {
      return await running;
    } finally {
      running = null;
    }
  };

  const tick = async () => {
    try {
      await sweepOnce();
    } catch (error) {
      // A failed sweep must not stop the schedule: leases expire and the next tick retries.
      deps.logger.error({ err: error }, 'health check sweep failed');
    } finally {
      if (!stopped) timer = setTimeout(tick, config.tickMs);
    }
  };

  return {
    sweepOnce,
    start() {
      // The first tick runs at once: after a restart every due connection is checked now.
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
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
