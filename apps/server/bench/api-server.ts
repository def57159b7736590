/**
 * The server process `bench:api` measures: the production `serve` path (serveCommand: config
 * from the environment, migrations, pg pool, Hono app on @hono/node-server) with the production
 * background service (scheduler + webhook worker), so `POST /api/v1/internal/health-checks` runs
 * a real sweep in the same process that answers the API, as `pnpm start` does. The bench sets
 * WAYGATE_SCHEDULER=off so that it triggers (and times) each sweep itself. Prints `{"url": …}`
 * on its first line; answers the IPC message "cpu" with its CPU time.
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { schedulerService } from '../src/scheduler/background';
import { serveCommand } from '../src/serve-command';

const config = loadConfig(process.env);
let url = '';
const server = await serveCommand(config, {
  logger: createLogger({ level: config.logLevel }),
  staticDir: null,
  background: schedulerService,
  print: (line) => {
    const match = /listening on (\S+)/.exec(line);
    if (match) url = match[1]!;
  },
});
process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);

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
