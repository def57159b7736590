import type { BackgroundService } from '../main';
import { createScheduler } from './scheduler';
import { loadSchedulerConfig } from './scheduler-config';

/**
 * What `serve` runs beside the HTTP server: the in-process scheduler (unless
 * WAYGATE_SCHEDULER=off, for deployments driven by the cron endpoint) and the sweep behind
 * `POST /api/v1/internal/health-checks`, limited to WAYGATE_CRON_BUDGET_MS.
 */
export const schedulerService: BackgroundService = async ({
  db,
  cipher,
  prober,
  config,
  logger,
}) => {
  const schedulerConfig = loadSchedulerConfig(process.env, config.checkTimeoutMs);
  const scheduler = createScheduler(
    { db, cipher, prober, logger, now: () => new Date() },
    schedulerConfig,
    {
      healthCheckDays: config.retentionDays,
      hourlyRollupDays: schedulerConfig.hourlyRollupDays,
      dailyRollupDays: schedulerConfig.dailyRollupDays,
    },
  );
  if (schedulerConfig.enabled) scheduler.start();
  logger.info(
    {
      scheduler: schedulerConfig.enabled ? 'on' : 'off',
      tickMs: schedulerConfig.tickMs,
      concurrency: schedulerConfig.concurrency,
      hostConcurrency: schedulerConfig.hostConcurrency,
      hostRequestsPerSecond: schedulerConfig.hostRequestsPerSecond,
    },
    'health check scheduler',
  );
  return {
    runSweep: () => scheduler.sweepOnce({ budgetMs: schedulerConfig.cronBudgetMs }),
    close: () => scheduler.stop(),
  };
};
