/**
 * What the read-path benchmarks (seed-history, api, storage) share: the PostgreSQL server they
 * use, the file that remembers the last seeded database, a fixed encryption key for the synthetic
 * credentials, percentiles and the "figure | target | met" table.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealthCheck, HealthCheckStatus } from '@waygate/health-core';
import type { Database } from '../src/db/database';
import { openPostgresDatabase } from '../src/db/postgres-database';
import { newUuid, toPublicId } from '../src/ids';
import type { CheckOutcome } from '../src/runner/execute-check';

/** DATABASE_URL's server (the seeded databases are created next to its database). */
export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The seeded credentials are fake bearer tokens for the loopback mock upstream; a fixed key lets
 * the API bench's server decrypt what the seed wrote without passing a secret around.
 */
export const BENCH_ENCRYPTION_KEY = createHash('sha256')
  .update('waygate-health bench key (synthetic data only)')
  .digest();

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the server's maintenance connection (CREATE/DROP DATABASE). */
export async function adminQuery(sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  if (!/^waygate_bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export interface SeedState {
  database: string;
  tenantUuid: string;
  connections: number;
  days: number;
  seededAt: string;
  /** Mock-upstream base URLs the integrations point at are set by the API bench. */
  integrations: number;
}

/** Where seed-history records the database it kept, for `bench:api` and `bench:storage`. */
export const STATE_FILE = join(tmpdir(), 'waygate-health-bench-seed.json');

export function writeState(state: SeedState): void {
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

export function readState(): SeedState | null {
  if (!existsSync(STATE_FILE)) return null;
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as SeedState;
}

export function clearState(): void {
  rmSync(STATE_FILE, { force: true });
}

/** Opens the seeded database named by `--database` or by the state file. */
export async function openSeeded(
  name: string | undefined,
  poolSize = 4,
): Promise<{ db: Database; state: SeedState }> {
  const state = readState();
  const database = name ?? state?.database;
  if (!database) {
    throw new Error(
      'no seeded database: run `npx tsx bench/seed-history.ts` first (or --database)',
    );
  }
  const db = await openPostgresDatabase(databaseUrl(database), { max: poolSize });
  const { rows } = await db.query<{ id: string; n: number }>(
    `SELECT t.id, (SELECT count(*)::int FROM connections c WHERE c.tenant_id = t.id) AS n
       FROM tenants t ORDER BY n DESC LIMIT 1`,
  );
  const tenant = rows[0];
  if (!tenant) throw new Error(`database ${database} holds no tenant`);
  return {
    db,
    state: {
      database,
      tenantUuid: tenant.id,
      connections: tenant.n,
      days: state?.database === database ? state.days : 0,
      seededAt: state?.database === database ? state.seededAt : '',
      integrations: state?.integrations ?? 0,
    },
  };
}

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : String(n);

export interface FigureRow {
  figure: string;
  value: string;
  target: string;
  /** null: reported, no target. */
  met: boolean | null;
}

export function printTable(title: string, rows: readonly FigureRow[]): void {
  console.log(`\n${title}\n`);
  console.log('| figure | measured | target | met |');
  console.log('| --- | --: | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.figure} | ${r.value} | ${r.target} | ${r.met === null ? '—' : r.met ? 'met' : 'NOT met'} |`,
    );
  }
}

export const MACHINE = `${process.env.BENCH_MACHINE ?? '2 cores / 24 GiB'}, PostgreSQL on ${new URL(SERVER_URL).host}`;

/** Resolves after `ms`; benches use it for settling pauses only, never as a synchronisation. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface StorageFigures {
  rows: number;
  partitionsBytes: number;
  heapBytes: number;
  indexBytes: number;
  rollupBytes: number;
  rollupRows: number;
}

export async function storageFigures(db: Database): Promise<StorageFigures> {
  const { rows } = await db.query<{
    total: string;
    heap: string;
    indexes: string;
    n: string;
    rollup: string;
    rollup_rows: string;
  }>(
    `SELECT (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('health_checks'))::text AS total,
            (SELECT sum(pg_table_size(relid)) FROM pg_partition_tree('health_checks'))::text AS heap,
            (SELECT sum(pg_indexes_size(relid)) FROM pg_partition_tree('health_checks'))::text AS indexes,
            (SELECT count(*) FROM health_checks)::text AS n,
            (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
              WHERE c.relkind = 'r' AND c.relname LIKE 'health_rollup%')::text AS rollup,
            (SELECT sum(n_live_tup) FROM pg_stat_user_tables
              WHERE relname LIKE 'health_rollups%')::text AS rollup_rows`,
  );
  const r = rows[0]!;
  return {
    rows: Number(r.n),
    partitionsBytes: Number(r.total),
    heapBytes: Number(r.heap),
    indexBytes: Number(r.indexes),
    rollupBytes: Number(r.rollup ?? 0),
    rollupRows: Number(r.rollup_rows ?? 0),
  };
}

export interface SyntheticTarget {
  connectionId: string;
  actionId: string;
}

function gaussian(): number {
  return (
    Math.sqrt(-2 * Math.log(Math.max(Math.random(), 1e-12))) * Math.cos(2 * Math.PI * Math.random())
  );
}

/**
 * One synthetic, already-executed check per target, as executeCheck would hand them over:
 * ≈ 90 % healthy, 7 % degraded (latency over 2 s), 3 % unhealthy (503); latency log-normal,
 * median 150 ms. For the write benches (storage, bloat).
 */
export function syntheticOutcomes(
  tenant: string,
  list: readonly SyntheticTarget[],
  at: Date,
  /** A fixed status per target (a server left running: few status changes), else random. */
  statusOf?: (target: SyntheticTarget, index: number) => HealthCheckStatus,
): CheckOutcome[] {
  return list.map((t, index) => {
    const u = Math.random();
    const status: HealthCheckStatus =
      statusOf?.(t, index) ?? (u < 0.03 ? 'unhealthy' : u < 0.1 ? 'degraded' : 'healthy');
    const latency =
      status === 'degraded'
        ? 2000 + Math.round(Math.random() * 2000)
        : Math.round(150 * Math.exp(0.5 * gaussian()));
    const uuid = newUuid(at);
    const check: HealthCheck = {
      id: toPublicId('healthCheck', uuid),
      connectionId: toPublicId('connection', t.connectionId),
      tenantId: toPublicId('tenant', tenant),
      status,
      checkType: 'scheduled',
      credentialStatus: 'active',
      testActionId: toPublicId('action', t.actionId),
      testActionSuccess: status !== 'unhealthy',
      testActionLatencyMs: latency,
      testActionStatusCode: status === 'unhealthy' ? 503 : 200,
      circuitBreakerStatus: 'closed',
      latencyMs: latency + 2,
      ...(status === 'unhealthy'
        ? {
            error: {
              code: 'HTTP_5XX' as const,
              message: 'server error response (503)',
              statusCode: 503,
            },
          }
        : {}),
      createdAt: at.toISOString(),
    };
    return {
      tenantId: tenant,
      connectionId: t.connectionId,
      checkUuid: uuid,
      testActionUuid: t.actionId,
      check,
      reasons:
        status === 'unhealthy'
          ? ['test_action_failed']
          : status === 'degraded'
            ? ['latency_high']
            : [],
      previousStatus: 'healthy',
      breaker: {
        status: 'closed',
        openedAt: null,
        consecutiveFailures: status === 'unhealthy' ? 1 : 0,
      },
      recentFailureTimes: status === 'unhealthy' ? [at.toISOString()] : [],
      credentialUnreadable: false,
      outboundCalls: 1,
    } as CheckOutcome;
  });
}
