import { z } from 'zod';
import { ConfigError, envInt } from '../config';
import { PIPELINE_DEFAULTS } from './check-pipeline';

/** The scheduler's environment variables (the server's own are in src/config.ts). */
export const SchedulerEnvSchema = z.object({
  WAYGATE_SCHEDULER: z.enum(['on', 'off']).default('on'),
  WAYGATE_SCHEDULER_TICK_MS: envInt(100, 3_600_000).default(PIPELINE_DEFAULTS.idleMs),
  WAYGATE_CHECK_CONCURRENCY: envInt(1, 5_000).default(PIPELINE_DEFAULTS.concurrency),
  /** Default: half of WAYGATE_CHECK_CONCURRENCY. */
  WAYGATE_TENANT_CONCURRENCY: envInt(1, 5_000).optional(),
  WAYGATE_HOST_CONCURRENCY: envInt(1, 5_000).default(PIPELINE_DEFAULTS.hostConcurrency),
  WAYGATE_HOST_RPS: envInt(1, 100_000).default(PIPELINE_DEFAULTS.hostRequestsPerSecond),
  WAYGATE_FLUSH_ROWS: envInt(1, 5_000).default(PIPELINE_DEFAULTS.flushRows),
  WAYGATE_FLUSH_MS: envInt(1, 60_000).default(PIPELINE_DEFAULTS.flushMs),
  WAYGATE_RETRY_AFTER_MAX_MS: envInt(1_000, 86_400_000).default(PIPELINE_DEFAULTS.retryAfterMaxMs),
  WAYGATE_CRON_BUDGET_MS: envInt(1_000, 900_000).default(50_000),
  HEALTH_ROLLUP_HOURLY_DAYS: envInt(1, 3_650).default(30),
  HEALTH_ROLLUP_DAILY_DAYS: envInt(1, 36_500).default(400),
});

export interface SchedulerConfig {
  enabled: boolean;
  /** How often an idle claimer looks for due work. */
  tickMs: number;
  concurrency: number;
  tenantConcurrency: number;
  hostConcurrency: number;
  hostRequestsPerSecond: number;
  flushRows: number;
  flushMs: number;
  /** Cap on the pause a 429's Retry-After can ask for. */
  retryAfterMaxMs: number;
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
    tenantConcurrency: Math.min(
      e.WAYGATE_CHECK_CONCURRENCY,
      e.WAYGATE_TENANT_CONCURRENCY ?? Math.max(1, Math.floor(e.WAYGATE_CHECK_CONCURRENCY / 2)),
    ),
    hostConcurrency: e.WAYGATE_HOST_CONCURRENCY,
    hostRequestsPerSecond: e.WAYGATE_HOST_RPS,
    flushRows: e.WAYGATE_FLUSH_ROWS,
    flushMs: e.WAYGATE_FLUSH_MS,
    retryAfterMaxMs: e.WAYGATE_RETRY_AFTER_MAX_MS,
    cronBudgetMs: e.WAYGATE_CRON_BUDGET_MS,
    checkTimeoutMs,
    hourlyRollupDays: e.HEALTH_ROLLUP_HOURLY_DAYS,
    dailyRollupDays: e.HEALTH_ROLLUP_DAILY_DAYS,
  };
}
