#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { type AdminOperations, adminChannelOperations, databaseOperations } from './admin-channel';
import { openConfiguredDatabase } from './bootstrap';
import { type Config, ConfigError, loadConfig } from './config';
import { DataDirLockedError, isDataDirLocked } from './db/data-dir-lock';
import { migrate } from './db/migrate';
import { serveDemo } from './demo/serve-demo';
import { schedulerService } from './scheduler/background';
import { sweepCommand } from './scheduler/sweep-command';
import { serveCommand } from './serve-command';
import { type ApiKeyInfo, UnknownIdError } from './services/api-keys';

const HELP = `waygate-health <command>

Commands:
  serve [--static-dir <dir>]        API, scheduler, webhooks (+ dashboard when built) on HOST:PORT
  serve --demo                      the same on a fresh embedded database with a sandbox API
                                    and a demo tenant showing every health state
  migrate                           apply database migrations and exit
  tenant create --name <n> [--json] create a tenant and print its API key once
  key create --tenant <id> [--json] another API key for a tenant, printed once (rotation)
  key list --tenant <id> [--json]   a tenant's API keys: created, last used, revoked
  key revoke <keyId> [--json]       revoke an API key at once (a running server refuses it)
  sweep [--json]                    run one scheduled sweep and exit

Configuration comes from the environment (see the README): PORT, HOST, DATABASE_URL,
WAYGATE_DATA_DIR, WAYGATE_ENCRYPTION_KEY, CRON_SECRET, WAYGATE_OUTBOUND_ALLOW, ...`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/**
 * Runs administrative operations where the data lives: through the running server's admin
 * channel while a server holds the embedded database (PGlite allows one process), else on the
 * database directly (DATABASE_URL, or the embedded database while no server runs). Either way a
 * running server sees the change at once.
 */
async function withAdmin<T>(config: Config, fn: (ops: AdminOperations) => Promise<T>): Promise<T> {
  if (!config.databaseUrl && isDataDirLocked(config.dataDir)) {
    return fn(adminChannelOperations(config.dataDir));
  }
  const db = await openConfiguredDatabase(config, { poolSize: 1 });
  try {
    await migrate(db);
    return await fn(databaseOperations(db));
  } finally {
    await db.close();
  }
}

const json = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function tenantCreate(config: Config, name: string, asJson: boolean) {
  const tenant = await withAdmin(config, (ops) => ops.createTenant(name));
  if (asJson) json(tenant);
  else {
    process.stdout.write(
      `Created tenant ${tenant.tenantId}. Its API key (${tenant.keyId}) is shown only once:\n`,
    );
    process.stdout.write(`  ${tenant.apiKey}\n`);
  }
}

function printKeys(keys: ApiKeyInfo[]) {
  if (!keys.length) {
    process.stdout.write('No API keys.\n');
    return;
  }
  const rows = [
    ['KEY', 'CREATED', 'LAST USED', 'STATUS'],
    ...keys.map((k) => [
      k.keyId,
      k.createdAt,
      k.lastUsedAt ?? 'never',
      k.revokedAt ? `revoked ${k.revokedAt}` : 'active',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  for (const row of rows) process.stdout.write(`${line(row).trimEnd()}\n`);
}

async function keyCommand(
  config: Config,
  sub: string | undefined,
  args: { tenant?: string; keyId?: string; json: boolean },
) {
  const usage =
    'Usage: waygate-health key create --tenant <tenantId> [--json] | key list --tenant <tenantId> [--json] | key revoke <keyId> [--json]';
  switch (sub) {
    case 'create': {
      const tenantId = args.tenant?.trim();
      if (!tenantId) fail('key create: --tenant <tenantId> is required', 2);
      const key = await withAdmin(config, (ops) => ops.createApiKey(tenantId));
      if (args.json) json(key);
      else {
        process.stdout.write(
          `Created API key ${key.keyId} for tenant ${tenantId}. It is shown only once:\n`,
        );
        process.stdout.write(`  ${key.apiKey}\n`);
      }
      return;
    }
    case 'list': {
      const tenantId = args.tenant?.trim();
      if (!tenantId) fail('key list: --tenant <tenantId> is required', 2);
      const keys = await withAdmin(config, (ops) => ops.listApiKeys(tenantId));
      if (args.json) json(keys);
      else printKeys(keys);
      return;
    }
    case 'revoke': {
      const keyId = args.keyId?.trim();
      if (!keyId) fail('key revoke: <keyId> is required', 2);
      const revoked = await withAdmin(config, (ops) => ops.revokeApiKey(keyId));
      if (args.json) json(revoked);
      else {
        process.stdout.write(
          `Revoked API key ${revoked.keyId} (revoked at ${revoked.revokedAt}); requests with it are refused.\n`,
        );
      }
      return;
    }
    default:
      fail(usage, 2);
  }
}

async function run(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      tenant: { type: 'string' },
      json: { type: 'boolean', default: false },
      'static-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, sub, target] = positionals;
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
        ? await serveDemo({
            config,
            serve: (demoConfig) => serveCommand(demoConfig, { ...serveOptions, throwaway: true }),
          })
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
    case 'key': {
      await keyCommand(config, sub, {
        ...(values.tenant === undefined ? {} : { tenant: values.tenant }),
        ...(target === undefined ? {} : { keyId: target }),
        json: values.json ?? false,
      });
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
  if (
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof UnknownIdError
  ) {
    fail(error.message);
  }
  if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    fail(`${error.message}\n\n${HELP}`, 2);
  }
  fail(`waygate-health: ${error instanceof Error ? error.message : String(error)}`);
});
