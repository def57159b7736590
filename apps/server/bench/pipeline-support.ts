/**
 * What the continuous-pipeline benchmarks (`soak.ts`, `fairness.ts`) share: the mock upstream
 * process, the test server with the production scheduler started on it, seeding tenants on a
 * given interval, the due→start lag recorder (`PipelineDeps.onStart`), and CPU / memory
 * sampling (this process, PostgreSQL's processes of the bench database, the mock, the machine).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { PGlite } from '@electric-sql/pglite';
import { SCHEDULE_RULES } from '@waygate/health-core';
import { defaultProbeWorkers } from '../src/config';
import { fromPublicId } from '../src/ids';
import { createLogger } from '../src/logger';
import { parseAllowList } from '../src/outbound/allow-list';
import { createProbePool } from '../src/outbound/probe-pool';
import type { Prober } from '../src/outbound/prober';
import type { ClaimedCheck } from '../src/scheduler/claim-due';
import { DEFAULT_RETENTION } from '../src/scheduler/retention';
import { createScheduler } from '../src/scheduler/scheduler';
import { loadSchedulerConfig, type SchedulerConfig } from '../src/scheduler/scheduler-config';
import { createTestServer, type TestServer } from '../src/testing/test-server';
import { fmt, percentile } from './bench-support';
import { seedConnections } from './seed-connections';

export const CHECK_TIMEOUT_MS = 10_000;
export const databaseKind = (): 'postgres' | 'pglite' =>
  process.env.DATABASE_URL ? 'postgres' : 'pglite';

// ---------------------------------------------------------------------------------------------
// Mock upstream

export interface UpstreamStats {
  total: number;
  byToken: Record<string, number>;
  /** Sockets open on the mock now (the stats request's own included). */
  sockets: number;
  /** `hang-*` requests whose socket is still open. */
  hanging: number;
}

export interface MockUpstream {
  child: ChildProcess;
  urls: string[];
  stats(): Promise<UpstreamStats>;
  close(): void;
}

/** The mock upstream as its own process, so its CPU never counts as the server's. */
export async function startMockUpstream(hosts: number, latencyMs: number): Promise<MockUpstream> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./mock-upstream.ts', import.meta.url).pathname,
      '--hosts',
      String(hosts),
      '--latency-ms',
      String(latencyMs),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const urls: string[] = JSON.parse(line.toString()).listening;
  return {
    child,
    urls,
    stats: () => fetch(`${urls[0]}/__stats`).then((r) => r.json()) as Promise<UpstreamStats>,
    close: () => {
      child.kill('SIGTERM');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CPU and memory

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICK_MS = 10;

function procTicks(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** CPU time (ms, user + system) of one process, from /proc; 0 when it is gone. */
export function processCpuMs(pid: number | undefined): number {
  return pid === undefined ? 0 : (procTicks(pid) ?? 0) * TICK_MS;
}

/**
 * CPU time of the PostgreSQL processes that serve the bench database: its backends (process
 * title names the database) and the server's shared helpers (checkpointer, WAL writer,
 * background writer, postmaster, autovacuum). Other databases' backends on the same server (the
 * machine is shared) are left out. Sampled every second so that a backend that exits (pool
 * churn) loses at most a second of its CPU.
 */
export class PostgresCpu {
  private readonly last = new Map<number, number>();
  private ticks = 0;
  private first = true;

  constructor(private readonly database: string | null) {}

  /** Cumulative ms since the first sample (0 when there is no PostgreSQL to measure). */
  sample(): number {
    if (!this.database) return 0;
    const seen = new Set<number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
        const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+/g, ' ').trim();
        if (!this.ours(title)) continue;
      } catch {
        continue; // ended meanwhile
      }
      const ticks = procTicks(pid);
      if (ticks === null) continue;
      seen.add(pid);
      const previous = this.last.get(pid);
      if (previous === undefined) {
        // A backend born after the first sample: all its CPU is ours.
        if (!this.first) this.ticks += ticks;
      } else {
        this.ticks += ticks - previous;
      }
      this.last.set(pid, ticks);
    }
    for (const pid of this.last.keys()) if (!seen.has(pid)) this.last.delete(pid);
    this.first = false;
    return this.ticks * TICK_MS;
  }

  private ours(title: string): boolean {
    if (title.includes(` ${this.database} `) || title.endsWith(` ${this.database}`)) return true;
    // A client backend of another database: "postgres: user db host(port) state".
    if (/^postgres: \S+ \S+ \S+\(\d+\)/.test(title)) return false;
    if (title.startsWith('postgres: autovacuum worker')) return false; // another database's
    return true; // postmaster, checkpointer, walwriter, background writer, launchers
  }
}

/** Busy share of the whole machine (all cores) between two samples of /proc/stat. */
export function machineCpuTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface CpuSnapshot {
  at: number;
  /** This process, all threads (PGlite's WASM PostgreSQL included). */
  selfMs: number;
  postgresMs: number;
  upstreamMs: number;
  machine: { busy: number; total: number };
}

export interface CpuDelta {
  wallMs: number;
  selfMs: number;
  postgresMs: number;
  upstreamMs: number;
  /** Fraction of all cores busy (every process on the machine). */
  machineBusy: number;
  loadAverage: number;
}

export class CpuMeter {
  constructor(
    private readonly postgres: PostgresCpu,
    private readonly upstreamPid: number | undefined,
  ) {}

  snapshot(): CpuSnapshot {
    const cpu = process.cpuUsage();
    return {
      at: performance.now(),
      selfMs: (cpu.user + cpu.system) / 1000,
      postgresMs: this.postgres.sample(),
      upstreamMs: processCpuMs(this.upstreamPid),
      machine: machineCpuTicks(),
    };
  }

  static delta(a: CpuSnapshot, b: CpuSnapshot): CpuDelta {
    return {
      wallMs: b.at - a.at,
      selfMs: b.selfMs - a.selfMs,
      postgresMs: b.postgresMs - a.postgresMs,
      upstreamMs: b.upstreamMs - a.upstreamMs,
      machineBusy:
        (b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total),
      loadAverage: loadavg()[0]!,
    };
  }
}

export interface MemorySample {
  /** ms since the scheduler started. */
  t: number;
  rss: number;
  heapUsed: number;
}

/** RSS and heap of this process every `everyMs`, and the CPU meter kept warm (PostgresCpu). */
export class Sampler {
  readonly samples: MemorySample[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly origin: number,
    private readonly onTick: () => void = () => undefined,
  ) {}

  start(everyMs = 1_000): void {
    const tick = () => {
      const m = process.memoryUsage();
      this.samples.push({ t: performance.now() - this.origin, rss: m.rss, heapUsed: m.heapUsed });
      this.onTick();
    };
    tick();
    this.timer = setInterval(tick, everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Samples with `from <= t < to`. */
  between(from: number, to: number): MemorySample[] {
    return this.samples.filter((s) => s.t >= from && s.t < to);
  }
}

export const mb = (bytes: number) => `${fmt(bytes / 2 ** 20)} MB`;

// ---------------------------------------------------------------------------------------------
// The server, the scheduler and the lag recorder

export interface Start {
  /** ms since the scheduler started (performance clock). */
  t: number;
  /** start − due slot; NaN for a never-scheduled connection. */
  lagMs: number;
  dueAtMs: number;
  tenantId: string;
  connectionId: string;
}

/** Everything `onStart` reports, kept compactly in arrays. */
export class StartRecorder {
  readonly t: number[] = [];
  readonly lag: number[] = [];
  /** Index into `tenants` of each start. */
  readonly tenant: number[] = [];
  readonly tenants: string[] = [];
  private readonly tenantIndex = new Map<string, number>();
  /** Per connection: the last slot it started for (skipped and repeated slots). */
  private readonly lastDue = new Map<string, number>();
  /** Per connection: the slot it is due at next (from its last claim) and its tenant index. */
  private readonly nextDue = new Map<string, { due: number; tenant: number }>();
  /** Slots passed over: a connection's next start was for a slot more than one interval on. */
  skippedSlots = 0;
  /** A slot started twice. */
  repeatedSlots = 0;

  constructor(
    private readonly origin: number,
    private readonly intervalMsOf: (check: ClaimedCheck) => number,
  ) {}

  readonly onStart = (check: ClaimedCheck, lagMs: number | null): void => {
    this.t.push(performance.now() - this.origin);
    this.lag.push(lagMs ?? Number.NaN);
    const tenantId = check.context.tenantId;
    let index = this.tenantIndex.get(tenantId);
    if (index === undefined) {
      index = this.tenants.length;
      this.tenants.push(tenantId);
      this.tenantIndex.set(tenantId, index);
    }
    this.tenant.push(index);
    this.nextDue.set(check.context.connectionId, {
      due: check.nextSlotAt.getTime(),
      tenant: index,
    });
    if (!check.dueAt) return;
    const due = check.dueAt.getTime();
    const id = check.context.connectionId;
    const previous = this.lastDue.get(id);
    if (previous !== undefined) {
      const interval = this.intervalMsOf(check);
      if (due <= previous) this.repeatedSlots += 1;
      else if (due - previous > interval * 1.5) {
        this.skippedSlots += Math.round((due - previous) / interval) - 1;
      }
    }
    this.lastDue.set(id, due);
  };

  /**
   * Connections past their next slot at wall-clock `atMs` and not started since: how long each
   * has waited so far. A lag figure that left them out would look fine while checks starve.
   */
  waiting(atMs: number, keep: (tenantId: string) => boolean = () => true): number[] {
    const waited: number[] = [];
    for (const { due, tenant } of this.nextDue.values()) {
      if (due < atMs && keep(this.tenants[tenant]!)) waited.push(atMs - due);
    }
    return waited;
  }

  /** Connections started at least once (of the tenants `keep` accepts). */
  connectionsSeen(keep: (tenantId: string) => boolean = () => true): number {
    let n = 0;
    for (const { tenant } of this.nextDue.values()) if (keep(this.tenants[tenant]!)) n += 1;
    return n;
  }

  /** Starts with `from <= t < to` (and of the tenants `keep` accepts). */
  window(
    from: number,
    to: number,
    keep: (tenantId: string) => boolean = () => true,
  ): { count: number; lags: number[] } {
    const lags: number[] = [];
    let count = 0;
    // Starts are pushed in time order: find the first by binary search.
    let lo = 0;
    let hi = this.t.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.t[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.t.length && this.t[i]! < to; i += 1) {
      if (!keep(this.tenants[this.tenant[i]!]!)) continue;
      count += 1;
      if (!Number.isNaN(this.lag[i]!)) lags.push(this.lag[i]!);
    }
    return { count, lags };
  }
}

export function lagFigures(lags: number[]): { p50: number; p99: number; max: number } {
  const sorted = Float64Array.from(lags).sort();
  const at = (q: number) =>
    sorted.length === 0
      ? Number.NaN
      : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1]! : NaN };
}

export const seconds = (ms: number, digits = 2) => `${fmt(ms / 1000, digits)} s`;

export interface BenchServer {
  server: TestServer;
  /** The PostgreSQL database's name (null on PGlite). */
  database: string | null;
  pglite: PGlite | null;
  /** The production prober: probes in WAYGATE_PROBE_WORKERS worker threads, as `serve` runs. */
  prober: Prober;
  probeWorkers: number;
  /** Closes the prober's workers and pools, then the server (drops a PostgreSQL database). */
  close(): Promise<void>;
}

export async function openBenchServer(): Promise<BenchServer> {
  const server = await createTestServer({
    database: databaseKind(),
    allowOutbound: '127.0.0.0/8',
    config: { checkTimeoutMs: CHECK_TIMEOUT_MS },
  });
  const pglite = (server.db as { pglite?: PGlite }).pglite ?? null;
  let database: string | null = null;
  if (!pglite) {
    const { rows } = await server.db.query<{ name: string }>('SELECT current_database() AS name');
    database = rows[0]!.name;
  }
  const configured = process.env.WAYGATE_PROBE_WORKERS;
  const probeWorkers = configured ? Number(configured) : defaultProbeWorkers();
  const prober = createProbePool({
    allowList: parseAllowList('127.0.0.0/8'),
    timeoutMs: CHECK_TIMEOUT_MS,
    workers: probeWorkers,
    onWorkerError: (error) => progress(`probe worker failed: ${String(error)}`),
  });
  let closing: Promise<void> | null = null;
  return {
    server,
    database,
    pglite,
    prober,
    probeWorkers,
    close: () => {
      closing ??= (async () => {
        await prober.close().catch(() => undefined);
        await server.close();
      })();
      return closing;
    },
  };
}

export interface TenantSeed {
  name: string;
  connections: number;
  /** Base URLs of the tenant's integrations (one integration per URL, connections round-robin). */
  baseUrls: string[];
  tokenFor: (i: number) => string;
  intervalMinutes: number;
  /**
   * Place the connections on their grid (due at their first slot after now, as if they had been
   * checked before) instead of leaving them never checked (checked at once, then on the grid).
   */
  onGrid?: boolean;
}

/** Seeds a tenant (or more connections of an existing one); returns the tenant's uuid. */
export async function seedTenant(
  server: TestServer,
  seed: TenantSeed,
  existingTenantUuid?: string,
): Promise<string> {
  const tenantUuid =
    existingTenantUuid ?? fromPublicId('tenant', (await server.createTenant(seed.name)).tenantId)!;
  const now = new Date();
  // One transaction: a running claimer must not see the connections before their interval and
  // slot are set (it would check them at once on the default 15-minute interval).
  await server.db.transaction(async (tx) => {
    const { integrationIds } = await seedConnections(tx, server.deps.cipher, {
      tenantId: tenantUuid,
      baseUrls: seed.baseUrls,
      connections: seed.connections,
      tokenFor: seed.tokenFor,
      now,
    });
    await tx.query(
      `UPDATE integrations SET health_check_config =
         jsonb_set(health_check_config, '{intervalMinutes}', to_jsonb($2::int))
        WHERE id = ANY($1::uuid[])`,
      [integrationIds, seed.intervalMinutes],
    );
    if (seed.onGrid) {
      // The first slot after now on the connection's grid: the claim's own SQL function
      // (core's `slotAfterClaim` with the slot "now", i.e. core's `nextCheckAt`).
      await tx.query(
        `UPDATE connections SET next_check_at =
           waygate_slot_after_claim(id, $2, $3, $3, $4, $5, $6)
          WHERE integration_id = ANY($1::uuid[]) AND next_check_at IS NULL`,
        [
          integrationIds,
          seed.intervalMinutes,
          now,
          SCHEDULE_RULES.minIntervalMinutes,
          SCHEDULE_RULES.maxIntervalMinutes,
          SCHEDULE_RULES.defaultIntervalMinutes,
        ],
      );
    }
  });
  return tenantUuid;
}

/**
 * The production scheduler (configuration from the environment) on the bench server, with the
 * production prober (worker threads).
 */
export function startScheduler(
  bench: BenchServer,
  onStart: (check: ClaimedCheck, lagMs: number | null) => void,
): { stop: () => Promise<void>; config: SchedulerConfig } {
  const config = loadSchedulerConfig(process.env, CHECK_TIMEOUT_MS);
  const scheduler = createScheduler(
    {
      db: bench.server.db,
      cipher: bench.server.deps.cipher,
      prober: bench.prober,
      logger: createLogger({ level: process.env.BENCH_LOG_LEVEL === 'debug' ? 'debug' : 'warn' }),
      now: () => new Date(),
      onStart,
    },
    config,
    DEFAULT_RETENTION,
  );
  scheduler.start();
  return { stop: () => scheduler.stop(), config };
}

/** Recorded test-action latency (ms) of the successful scheduled checks created in a window. */
export async function recordedLatencies(
  server: TestServer,
  from: Date,
  to: Date,
  tenantIds?: string[],
): Promise<number[]> {
  const { rows } = await server.db.query<{ ms: number }>(
    `SELECT test_action_latency_ms AS ms FROM health_checks
      WHERE created_at >= $1 AND created_at < $2 AND test_action_success
        AND ($3::uuid[] IS NULL OR tenant_id = ANY($3::uuid[]))`,
    [from, to, tenantIds ?? null],
  );
  return rows.map((r) => Number(r.ms));
}

export function latencyErrorFigures(latencies: number[], trueMs: number) {
  const errors = latencies.map((ms) => ms - trueMs);
  return {
    n: errors.length,
    p50: percentile(errors, 0.5),
    p95: percentile(errors, 0.95),
    p99: percentile(errors, 0.99),
  };
}

/** Database size (and, on PGlite, the WASM heap that holds it and PostgreSQL's memory). */
export async function databaseSize(
  server: TestServer,
  pglite: PGlite | null,
): Promise<{ databaseBytes: number; wasmHeapBytes: number | null }> {
  const { rows } = await server.db.query<{ bytes: string }>(
    'SELECT pg_database_size(current_database())::text AS bytes',
  );
  let wasmHeapBytes: number | null = null;
  if (pglite) {
    try {
      // The WASM linear memory: PostgreSQL's shared buffers and caches (it only grows).
      const module = pglite.Module as {
        HEAPU8?: Uint8Array;
        wasmMemory?: WebAssembly.Memory;
      };
      wasmHeapBytes = module.HEAPU8?.byteLength ?? module.wasmMemory?.buffer.byteLength ?? null;
    } catch {
      wasmHeapBytes = null;
    }
  }
  return { databaseBytes: Number(rows[0]!.bytes), wasmHeapBytes };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sleeps until `performance.now() - origin >= t`. */
export async function sleepUntil(origin: number, t: number): Promise<void> {
  const wait = t - (performance.now() - origin);
  if (wait > 0) await sleep(wait);
}

/** Prints progress to stderr (tables go to stdout). */
export function progress(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
