import type { BackgroundService } from '../background-service';
import {
  runNotificationsOnce,
  startNotificationWorker,
} from '../notifications/notification-worker';
import { parseAllowList } from '../outbound/allow-list';
import { deliverWebhooksOnce, startWebhookWorker } from '../webhooks/delivery-worker';
import { createConfiguredScheduler } from './scheduler';

/**
 * What `serve` runs beside the HTTP server: the in-process scheduler (unless
 * WAYGATE_SCHEDULER=off, for deployments driven by the cron endpoint), the webhook worker, and
 * the sweep behind `POST /api/v1/internal/health-checks` (limited to WAYGATE_CRON_BUDGET_MS,
 * then one webhook delivery pass, so cron-only deployments deliver alerts too).
 */
export const schedulerService: BackgroundService = async ({
  db,
  cipher,
  prober,
  config,
  logger,
}) => {
  const { scheduler, schedulerConfig } = createConfiguredScheduler(
    { db, cipher, prober, logger },
    config,
  );
  const webhookDeps = { db, cipher, logger, allowList: parseAllowList(config.outboundAllow) };
  const webhooks = startWebhookWorker(webhookDeps);
  const notifyDeps = { ...webhookDeps, outboundAllow: config.outboundAllow };
  const notifications = startNotificationWorker(notifyDeps);
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
    async runSweep() {
      const summary = await scheduler.sweepOnce({ budgetMs: schedulerConfig.cronBudgetMs });
      const deliveries = await deliverWebhooksOnce(webhookDeps, { owner: 'cron', limit: 100 });
      const messages = await runNotificationsOnce(notifyDeps, { owner: 'cron', limit: 50 });
      return { ...summary, webhookDeliveries: deliveries, notifications: messages };
    },
    async close() {
      await scheduler.stop();
      await webhooks.stop();
      await notifications.stop();
    },
  };
};
