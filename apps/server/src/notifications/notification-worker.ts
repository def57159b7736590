import type { CredentialCipher } from '../crypto/credential-cipher';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { AllowList } from '../outbound/allow-list';
import type { ResolveAll } from '../outbound/guarded-lookup';
import { createChannelSenders } from './channel-sender';
import { pruneNotificationMessages } from './channel-service';
import { loadNotificationConfig, type NotificationConfig } from './notification-config';
import { type NotificationSummary, runNotificationPass } from './notification-delivery';

export interface NotificationWorkerDeps {
  db: Database;
  cipher: CredentialCipher;
  logger: Logger;
  /** `WAYGATE_OUTBOUND_ALLOW` parsed, and as written (the PagerDuty sender extends it). */
  allowList: AllowList;
  outboundAllow?: string;
  /** Default: from the environment. */
  config?: NotificationConfig;
  timeoutMs?: number;
  resolveAll?: ResolveAll;
  retryDelaysMs?: readonly number[];
}

export interface NotificationWorkerOptions {
  /** Pause between polls when nothing was due. Default 2 s, or the group window if shorter. */
  intervalMs?: number;
  retentionDays?: number;
  owner?: string;
  limit?: number;
}

const PRUNE_EVERY_MS = 60 * 60_000;

/** The configuration (given or from the environment) and the channel senders built from it. */
function sendersFor(deps: NotificationWorkerDeps) {
  const config = deps.config ?? loadNotificationConfig();
  const senders = createChannelSenders({
    allowList: deps.allowList,
    outboundAllow: deps.outboundAllow,
    config,
    timeoutMs: deps.timeoutMs,
    resolveAll: deps.resolveAll,
  });
  return { config, senders };
}

/**
 * Polls until stopped: each tick closes due groups and sends due messages (a full batch polls
 * again at once). Groups close one poll interval early, so the first message of a burst leaves
 * at most `WAYGATE_NOTIFY_GROUP_MS` after its first event.
 */
export function startNotificationWorker(
  deps: NotificationWorkerDeps,
  options: NotificationWorkerOptions = {},
): { stop(): Promise<void> } {
  const { config, senders } = sendersFor(deps);
  const delivery = { ...deps, senders };
  const intervalMs = options.intervalMs ?? Math.max(50, Math.min(2_000, config.groupMs));
  const limit = options.limit ?? 20;
  const owner = options.owner ?? `notifications:${process.pid}`;
  const retentionMs = (options.retentionDays ?? 30) * 24 * 60 * 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastPrune = 0;

  const tick = async () => {
    let full = false;
    try {
      const now = new Date();
      if (now.getTime() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now.getTime();
        await pruneNotificationMessages(deps.db, new Date(now.getTime() - retentionMs));
      }
      const summary = await runNotificationPass(delivery, {
        owner,
        limit,
        now,
        groupMs: config.groupMs,
        pollSlackMs: intervalMs,
      });
      full = summary.claimed >= limit;
    } catch (error) {
      deps.logger.error(
        { err: { message: (error as Error).message } },
        'notification worker tick failed',
      );
    }
    if (!stopped) schedule(full ? 0 : intervalMs);
  };
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      running = tick();
    }, delay);
    timer.unref?.();
  };
  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await senders.close();
    },
  };
}

/**
 * One pass for deployments without a long-running worker (cron, `sweep`). Groups whose window
 * has not ended stay queued for the next pass.
 */
export async function runNotificationsOnce(
  deps: NotificationWorkerDeps,
  options: { owner: string; limit?: number },
): Promise<NotificationSummary> {
  const { config, senders } = sendersFor(deps);
  try {
    return await runNotificationPass({ ...deps, senders }, { ...options, groupMs: config.groupMs });
  } finally {
    await senders.close();
  }
}
