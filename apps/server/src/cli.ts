#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createTenantViaAdminChannel } from './admin-channel';
import { openConfiguredDatabase } from './bootstrap';
import { type Config, ConfigError, loadConfig } from './config';
import { DataDirLockedError, isDataDirLocked } from './db/data-dir-lock';
import { migrate } from './db/migrate';
import { serveDemo } from './demo/serve-demo';
import { serveCommand } from './main';
import { schedulerService } from './scheduler/background';
import { sweepCommand } from './scheduler/sweep-command';
import { createTenant } from './services/tenants';

const HELP = `waygate-health <command>

Commands:
  serve [--static-dir <dir>]        API, scheduler, webhooks (+ dashboard when built) on HOST:PORT
  serve --demo                      the same on a fresh embedded database with a sandbox API
                                    and a demo tenant showing every health state
  migrate                           apply database migrations and exit
  tenant create --name <n> [--json] create a tenant and print its API key once
  sweep [--json]                    run one scheduled sweep and exit

Configuration comes from the environment (see the README): PORT, HOST, DATABASE_URL,
WAYGATE_DATA_DIR, WAYGATE_ENCRYPTION_KEY, CRON_SECRET, WAYGATE_OUTBOUND_ALLOW, ...`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function tenantCreate(config: Config, name: string, json: boolean) {
  let tenant: { tenantId: string; apiKey: string };
  if (!config.databaseUrl && isDataDirLocked(config.dataDir)) {
    // A server holds the embedded database: ask it over the local admin channel.
    tenant = await createTenantViaAdminChannel(config.dataDir, name);
  } else {
    const db = await openConfiguredDatabase(config, { poolSize: 1 });
    try {
      await migrate(db);
      tenant = await createTenant(db, name);
    } finally {
      await db.close();
    }
  }
  if (json) process.stdout.write(`${JSON.stringify(tenant)}\n`);
  else {
    process.stdout.write(`Created tenant ${tenant.tenantId}. Its API key is shown only once:\n`);
    process.stdout.write(`  ${tenant.apiKey}\n`);
  }
}

async function run(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
      'static-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const config = loadConfig(process.env);
  switch (command) {
    case 'serve': {
      const serveOptions = {
        background: schedulerService,
        ...(values['static-dir'] ? { staticDir: values['static-dir'] } : {}),
      };
      const server = values.demo
        ? await serveDemo({ config, serve: (demoConfig) => serveCommand(demoConfig, serveOptions) })
        : await serveCommand(config, serveOptions);
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        // Draining is bounded by the check timeout; this is the backstop if something hangs.
        setTimeout(() => process.exit(1), config.checkTimeoutMs + 10_000).unref();
        await server.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return;
    }
    case 'migrate': {
      const db = await openConfiguredDatabase(config, { poolSize: 1 });
      try {
        const applied = await migrate(db);
        process.stdout.write(
          applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n',
        );
      } finally {
        await db.close();
      }
      return;
    }
    case 'tenant': {
      if (sub !== 'create') fail('Usage: waygate-health tenant create --name <name> [--json]', 2);
      const name = values.name?.trim();
      if (!name) fail('tenant create: --name <name> is required', 2);
      await tenantCreate(config, name, values.json ?? false);
      return;
    }
    case 'sweep': {
      if (!config.databaseUrl && isDataDirLocked(config.dataDir)) {
        fail(
          `sweep: a server is running on ${config.dataDir} and checks on schedule already; stop it first, or call its cron endpoint.`,
        );
      }
      const summary = await sweepCommand(config);
      process.stdout.write(
        values.json
          ? `${JSON.stringify(summary)}\n`
          : `Checked ${summary.checked} of ${summary.claimed} due connections in ${summary.durationMs} ms: ${summary.healthy} healthy, ${summary.degraded} degraded, ${summary.unhealthy} unhealthy (${summary.outboundCalls} outbound calls).\n`,
      );
      return;
    }
    default:
      fail(`Unknown command "${command}".\n\n${HELP}`, 2);
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) fail(error.message);
  if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    fail(`${error.message}\n\n${HELP}`, 2);
  }
  fail(`waygate-health: ${error instanceof Error ? error.message : String(error)}`);
});
