import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { startAdminChannel } from './admin-channel';
import { createApp } from './app';
import type { BackgroundService } from './background-service';
import { defaultStaticDir, openConfiguredDatabase, resolveEncryptionKey } from './bootstrap';
import { type Config, probeWorkerCount } from './config';
import { createCredentialCipher } from './crypto/credential-cipher';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { ensureHealthCheckPartitions } from './db/partitions';
import { createLogger, type Logger } from './logger';
import { parseAllowList } from './outbound/allow-list';
import { createProbePool } from './outbound/probe-pool';
import { startMetricsServer } from './prometheus/metrics-server';
import { countTenants, createTenant } from './services/tenants';

export interface ServeOptions {
  /** Started after migrations and before the HTTP server (e.g. the scheduler). */
  background?: BackgroundService;
  /** Directory of a built SPA to serve at `/`; default: the built dashboard when present. */
  staticDir?: string | null;
  logger?: Logger;
  /** Where human-facing lines (URL, first API key) go; default stdout. */
  print?: (line: string) => void;
  /**
   * A throwaway database (`serve --demo`): nothing to back up and no key to keep, so the lines
   * asking for that are left out (the demo prints its own key and URL last).
   */
  throwaway?: boolean;
}

export interface RunningServer {
  url: string;
  /** The key of the default tenant created on an empty database (shown once), else null. */
  apiKey: string | null;
  /** The server's database handle, for in-process seeding (`serve --demo` backfills history). */
  db: Database;
  close(): Promise<void>;
}

/**
 * Slow-client limits (Node holds a slow body ~300 s and slow headers ~60 s by default): headers
 * within WAYGATE_HTTP_HEADERS_TIMEOUT_MS, the whole request within
 * WAYGATE_HTTP_REQUEST_TIMEOUT_MS (it bounds receiving the request, not the answer, so a long
 * cron pass is never cut), checked often enough for the limits to hold.
 */
export function httpServerOptions(config: Config) {
  const headersTimeout = config.httpHeadersTimeoutMs ?? 15_000;
  const requestTimeout = config.httpRequestTimeoutMs ?? 60_000;
  return {
    headersTimeout,
    requestTimeout,
    connectionsCheckingInterval: Math.min(5_000, Math.ceil(headersTimeout / 3)),
  };
}

/**
 * `waygate-health serve`: database (+ migrations, partitions), default tenant on an empty
 * database, HTTP server, admin channel (embedded database only).
 */
export async function serveCommand(
  config: Config,
  options: ServeOptions = {},
): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const { key, generated } = resolveEncryptionKey(config);
  if (generated && !options.throwaway)
    print(`Generated an encryption key in ${config.dataDir} (back it up with the data).`);
  const db = await openConfiguredDatabase(config);
  const closers: (() => Promise<void>)[] = [() => db.close()];
  let draining = false;
  let drainService: (() => Promise<void>) | undefined;
  const close = async () => {
    // Drain first, while the HTTP server still answers: /readyz turns 503 so a load balancer
    // stops sending traffic, and the scheduler hands its claims back before anything closes.
    draining = true;
    await drainService?.().catch(() => {});
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    await ensureHealthCheckPartitions(db, new Date());
    // Serialised so that replicas starting together on an empty database create one tenant.
    const tenant = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('waygate-health:default-tenant'))`);
      return (await countTenants(tx)) === 0 ? createTenant(tx, 'Default') : null;
    });
    if (tenant && !options.throwaway) {
      print(`Created tenant ${tenant.tenantId}. Its API key is shown only once:`);
      print(`  ${tenant.apiKey}`);
    }
    // Probes run in worker threads (WAYGATE_PROBE_WORKERS), so that a busy main thread cannot
    // inflate the latency they record.
    const prober = createProbePool({
      allowList: parseAllowList(config.outboundAllow),
      timeoutMs: config.checkTimeoutMs,
      workers: probeWorkerCount(config),
      onWorkerError: (error) => logger.warn({ err: error }, 'probe worker failed'),
    });
    closers.push(() => prober.close());
    const cipher = createCredentialCipher(key);
    const service = options.background
      ? await options.background({ db, cipher, prober, config, logger })
      : {};
    drainService = service.close;
    const staticDir = options.staticDir === undefined ? defaultStaticDir() : options.staticDir;
    const app = createApp({
      db,
      cipher,
      prober,
      config,
      logger,
      staticDir,
      runSweep: service.runSweep,
      isDraining: () => draining,
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolvePromise, reject) => {
      const s = serve(
        {
          fetch: app.fetch,
          port: config.port,
          hostname: config.host,
          serverOptions: httpServerOptions(config),
        },
        () => resolvePromise(s),
      );
      s.once('error', reject);
    });
    closers.push(
      () =>
        new Promise<void>((resolvePromise) => {
          server.close(() => resolvePromise());
          if ('closeAllConnections' in server) server.closeAllConnections();
        }),
    );
    // WAYGATE_METRICS_PORT: /metrics without a token on a port of its own (private networks).
    if (config.metricsPort !== undefined) {
      const metrics = await startMetricsServer({ port: config.metricsPort, host: config.host });
      closers.push(() => metrics.close());
      logger.info({ port: metrics.port }, 'metrics listening');
    }
    if (!config.databaseUrl) {
      const admin = await startAdminChannel(config.dataDir, db, logger);
      if (admin) closers.push(() => admin.close());
    }
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    print(
      `Waygate Health listening on ${url} (database: ${db.kind}${staticDir ? ', dashboard at /' : ''})`,
    );
    return { url, apiKey: tenant?.apiKey ?? null, db, close };
  } catch (error) {
    await close();
    throw error;
  }
}
