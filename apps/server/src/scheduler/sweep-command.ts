import { openConfiguredDatabase, resolveEncryptionKey } from '../bootstrap';
import { type Config, probeWorkerCount } from '../config';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { migrate } from '../db/migrate';
import { ensureHealthCheckPartitions } from '../db/partitions';
import { createLogger } from '../logger';
import { runNotificationsOnce } from '../notifications/notification-worker';
import { parseAllowList } from '../outbound/allow-list';
import { createProbePool } from '../outbound/probe-pool';
import { deliverWebhooksOnce } from '../webhooks/delivery-worker';
import type { SweepSummary } from './check-pipeline';
import { createConfiguredScheduler } from './scheduler';

/**
 * `waygate-health sweep`: one scheduled sweep and one webhook delivery pass, then exit — for a
 * Kubernetes CronJob or any scheduler outside the server. Logs go to stderr so that `--json`
 * leaves stdout to the summary.
 */
export async function sweepCommand(config: Config): Promise<SweepSummary> {
  const logger = createLogger({ level: config.logLevel, destination: process.stderr });
  const { key } = resolveEncryptionKey(config);
  const db = await openConfiguredDatabase(config, { poolSize: 10 });
  const allowList = parseAllowList(config.outboundAllow);
  const prober = createProbePool({
    allowList,
    timeoutMs: config.checkTimeoutMs,
    workers: probeWorkerCount(config),
  });
  try {
    await migrate(db);
    await ensureHealthCheckPartitions(db, new Date());
    const cipher = createCredentialCipher(key);
    const { scheduler } = createConfiguredScheduler({ db, cipher, prober, logger }, config);
    const summary = await scheduler.sweepOnce();
    await deliverWebhooksOnce(
      { db, cipher, logger, allowList },
      { owner: 'cli-sweep', limit: 100 },
    );
    await runNotificationsOnce(
      { db, cipher, logger, allowList, outboundAllow: config.outboundAllow },
      { owner: 'cli-sweep', limit: 50 },
    );
    return summary;
  } finally {
    await prober.close();
    await db.close();
  }
}
