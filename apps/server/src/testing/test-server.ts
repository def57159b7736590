import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type AppDeps, createApp } from '../app';
import type { Config } from '../config';
import { createCredentialCipher } from '../crypto/credential-cipher';
import type { Database } from '../db/database';
import { loadMigrations, migrate } from '../db/migrate';
import { ensureHealthCheckPartitions } from '../db/partitions';
import { openPGliteDatabase } from '../db/pglite-database';
import { openPostgresDatabase } from '../db/postgres-database';
import { createLogger, type Logger } from '../logger';
import { parseAllowList } from '../outbound/allow-list';
import { createProber } from '../outbound/prober';
import { DEFAULT_RETENTION } from '../scheduler/retention';
import { createScheduler, type Scheduler } from '../scheduler/scheduler';
import { loadSchedulerConfig } from '../scheduler/scheduler-config';
import { createTenant } from '../services/tenants';

export interface TestServerOptions {
  /** Default `pglite` (in memory). `postgres` creates a fresh database on DATABASE_URL's server. */
  database?: 'pglite' | 'postgres';
  /** WAYGATE_OUTBOUND_ALLOW for this server; default `127.0.0.1,::1` (loopback upstreams). */
  allowOutbound?: string;
  /** The clock the API uses for every timestamp. */
  now?: () => Date;
  /** Overrides of the configuration (e.g. `checkTimeoutMs`, `manualCheckLimit`, `cronSecret`). */
  config?: Partial<Config>;
  logger?: Logger;
  runSweep?: AppDeps['runSweep'];
  /** Wire the real scheduler's sweep behind the cron endpoint (instead of `runSweep`). */
  scheduler?: boolean;
  webhookResolveAll?: AppDeps['webhookResolveAll'];
}

export interface TestServer {
  app: ReturnType<typeof createApp>;
  db: Database;
  deps: AppDeps;
  /** Set once `listen()` resolved. */
  baseUrl: string;
  /** Listens on 127.0.0.1 on a free port; resolves to `http://127.0.0.1:<port>`. */
  listen(): Promise<string>;
  createTenant(name?: string): Promise<{ tenantId: string; apiKey: string }>;
  close(): Promise<void>;
}

export const TEST_CONFIG: Config = {
  port: 0,
  host: '127.0.0.1',
  dataDir: '',
  manualCheckLimit: 6,
  checkTimeoutMs: 10_000,
  retentionDays: 7,
  logLevel: 'silent',
};

let template: Promise<Blob> | undefined;

/**
 * A migrated PGlite data directory, made once per process and cached on disk per migration set:
 * a fresh PGlite takes seconds to initialise, loading a dump well under one.
 */
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const migrations = loadMigrations();
    const hash = createHash('sha256')
      .update(migrations.map((m) => `${m.version}\n${m.sql}`).join('\n'))
      .digest('hex')
      .slice(0, 16);
    const file = join(tmpdir(), `waygate-health-pglite-template-${hash}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const db = await openPGliteDatabase();
    await migrate(db, migrations);
    const dump = await db.pglite.dumpDataDir('none');
    await db.close();
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    renameSync(temporary, file);
    return dump;
  })();
  return template;
}

async function openTestDatabase(kind: 'pglite' | 'postgres'): Promise<Database> {
  if (kind === 'pglite') {
    const db = await openPGliteDatabase({ loadDataDir: await pgliteTemplate() });
    await migrate(db); // no-op on the template; applies migrations newer than a stale cache
    return db;
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('createTestServer({ database: "postgres" }) needs DATABASE_URL');
  const name = `waygate_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const inner = await openPostgresDatabase(target.toString(), { max: 8 });
  await migrate(inner);
  return {
    ...inner,
    kind: 'postgres',
    query: inner.query,
    exec: inner.exec,
    transaction: inner.transaction,
    async close() {
      await inner.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/**
 * A complete server for tests (this package's, the SDK's contract tests, the dashboard's e2e):
 * migrated database, random encryption key, a prober that may reach loopback, no scheduler.
 */
const schedulers = new WeakMap<Database, Scheduler>();

/** One scheduler per test database, with the server's own cipher, prober and clock. */
function testScheduler(db: Database, deps: AppDeps): Scheduler {
  let scheduler = schedulers.get(db);
  if (!scheduler) {
    scheduler = createScheduler(
      {
        db,
        cipher: deps.cipher,
        prober: deps.prober,
        logger: deps.logger,
        now: deps.clock ?? (() => new Date()),
      },
      loadSchedulerConfig({}, deps.config.checkTimeoutMs),
      DEFAULT_RETENTION,
    );
    schedulers.set(db, scheduler);
  }
  return scheduler;
}

export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const db = await openTestDatabase(options.database ?? 'pglite');
  const clock = options.now ?? (() => new Date());
  await ensureHealthCheckPartitions(db, clock());
  const config: Config = { ...TEST_CONFIG, ...options.config };
  const prober = createProber({
    allowList: parseAllowList(options.allowOutbound ?? '127.0.0.1,::1'),
    timeoutMs: config.checkTimeoutMs,
  });
  const deps: AppDeps = {
    db,
    cipher: createCredentialCipher(randomBytes(32)),
    prober,
    config,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    clock,
    runSweep: options.scheduler ? () => testScheduler(db, deps).sweepOnce() : options.runSweep,
    webhookResolveAll: options.webhookResolveAll,
  };
  const app = createApp(deps);
  let server: ReturnType<typeof serve> | undefined;
  const result: TestServer = {
    app,
    db,
    deps,
    baseUrl: '',
    listen() {
      return new Promise((resolvePromise) => {
        server = serve(
          { fetch: app.fetch, port: 0, hostname: '127.0.0.1' },
          (info: AddressInfo) => {
            result.baseUrl = `http://127.0.0.1:${info.port}`;
            resolvePromise(result.baseUrl);
          },
        );
      });
    },
    createTenant(name = 'Test tenant') {
      return createTenant(db, name, clock());
    },
    async close() {
      if (server) {
        const s = server;
        await new Promise<void>((r) => s.close(() => r()));
      }
      await prober.close();
      await db.close();
    },
  };
  return result;
}
