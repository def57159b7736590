import { z } from 'zod';
import { ConfigError, envInt } from '../config';
import { DEFAULT_BATCH_SIZE } from './sweep';

/** The scheduler's environment variables (the server's own are in src/config.ts). */
export const SchedulerEnvSchema = z.object({
  WAYGATE_SCHEDULER: z.enum(['on', 'off']).default('on'),
  WAYGATE_SCHEDULER_TICK_MS: envInt(1_000, 3_600_000).default(30_000),
  WAYGATE_CHECK_CONCURRENCY: envInt(1, 5_000).default(200),
  WAYGATE_HOST_CONCURRENCY: envInt(1, 5_000).default(20),
  WAYGATE_HOST_RPS: envInt(1, 100_000).default(100),
  WAYGATE_SWEEP_BATCH_SIZE: envInt(1, 5_000).default(DEFAULT_BATCH_SIZE),
  WAYGATE_CRON_BUDGET_MS: envInt(1_000, 900_000).default(50_000),
  HEALTH_ROLLUP_HOURLY_DAYS: envInt(1, 3_650).default(30),
  HEALTH_ROLLUP_DAILY_DAYS: envInt(1, 36_500).default(400),
});

export interface SchedulerConfig {
  enabled: boolean;
  tickMs: number;
  concurrency: number;
  hostConcurrency: number;
  hostRequestsPerSecond: number;
  batchSize: number;
  /** Time a cron-triggered sweep may take (serverless functions have a hard limit). */
  cronBudgetMs: number;
  checkTimeoutMs: number;
  hourlyRollupDays: number;
  dailyRollupDays: number;
}

export function loadSchedulerConfig(
  env: Record<string, string | undefined>,
  checkTimeoutMs: number,
): SchedulerConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in SchedulerEnvSchema.shape && value),
  );
  const parsed = SchedulerEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      String(issue?.path[0] ?? 'environment'),
      issue?.message ?? 'invalid value',
    );
  }
  const e = parsed.data;
  return {
    enabled: e.WAYGATE_SCHEDULER === 'on',
    tickMs: e.WAYGATE_SCHEDULER_TICK_MS,
    concurrency: e.WAYGATE_CHECK_CONCURRENCY,
    hostConcurrency: e.WAYGATE_HOST_CONCURRENCY,
    hostRequestsPerSecond: e.WAYGATE_HOST_RPS,
    batchSize: e.WAYGATE_SWEEP_BATCH_SIZE,
    cronBudgetMs: e.WAYGATE_CRON_BUDGET_MS,
    checkTimeoutMs,
    hourlyRollupDays: e.HEALTH_ROLLUP_HOURLY_DAYS,
    dailyRollupDays: e.HEALTH_ROLLUP_DAILY_DAYS,
  };
}
