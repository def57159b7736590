/**
 * The server process `bench:api` measures: the production `serve` path (serveCommand: config
 * from the environment, migrations, pg pool, Hono app on @hono/node-server) with the scheduler
 * as its background service, so `POST /api/v1/internal/health-checks` runs a real sweep in the
 * same process that answers the API, as `pnpm start` does. The scheduler's own ticks are left
 * off: the bench triggers each sweep itself to time it. Prints `{"url": …}` on its first line.
 */

import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { serveCommand } from '../src/main';
import { DEFAULT_RETENTION } from '../src/scheduler/retention';
import { createScheduler } from '../src/scheduler/scheduler';
import { loadSchedulerConfig } from '../src/scheduler/scheduler-config';

const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel });
let url = '';
const server = await serveCommand(config, {
  logger,
  staticDir: null,
  print: (line) => {
    const match = /listening on (\S+)/.exec(line);
    if (match) url = match[1]!;
  },
  background: async ({ db, cipher, prober }) => {
    const schedulerConfig = loadSchedulerConfig(process.env, config.checkTimeoutMs);
    const scheduler = createScheduler(
      { db, cipher, prober, logger, now: () => new Date() },
      schedulerConfig,
      DEFAULT_RETENTION,
    );
    return { runSweep: () => scheduler.sweepOnce(), close: () => scheduler.stop() };
  },
});
process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);

// The bench asks for this process's CPU time (user + system) before and after a phase.
process.on('message', (message) => {
  if (message === 'cpu')
    process.send?.({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
});
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
