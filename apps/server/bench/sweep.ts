/**
 * `pnpm bench:sweep`: how fast, how precise and how cheap a burst of due checks is.
 *
 * A mock upstream runs as its own process on 50 loopback addresses (50 "APIs"); N connections
 * of 10 tenants are seeded straight into the database, all due (as after a restart). Each
 * scenario runs the production pipeline through a pass (`scheduler.sweepOnce()`: claim → queue
 * → fair dispatch → probe → flush, as the continuous loop and the cron endpoint run it) and
 * reports wall time against the ideal (N × latency ÷ concurrency), outbound calls per
 * connection, database round trips, recorded-latency error (recorded − true upstream latency),
 * CPU per check of this process and of PostgreSQL (from /proc; upstream excluded) and peak RSS.
 * Uses DATABASE_URL's PostgreSQL when set, else PGlite.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm bench:sweep [--max 10000]
 */
import { parseArgs } from 'node:util';
import { defaultProbeWorkers } from '../src/config';
import type { Database } from '../src/db/database';
import { fromPublicId } from '../src/ids';
import { createLogger } from '../src/logger';
import { parseAllowList } from '../src/outbound/allow-list';
import { createProbePool } from '../src/outbound/probe-pool';
import type { Prober } from '../src/outbound/prober';
import { DEFAULT_RETENTION } from '../src/scheduler/retention';
import { createScheduler } from '../src/scheduler/scheduler';
import { loadSchedulerConfig } from '../src/scheduler/scheduler-config';
import { createTestServer } from '../src/testing/test-server';
import { PostgresCpu, startMockUpstream } from './pipeline-support';
import { seedConnections } from './seed-connections';

const { values } = parseArgs({ options: { max: { type: 'string', default: '10000' } } });
const LATENCY_MS = 100;
const HOSTS = 50;
const TENANTS = 10;

interface Scenario {
  name: string;
  connections: number;
  hangingShare: number;
  expiredShare: number;
  target: string;
  check: (row: Row) => boolean;
}

interface Row {
  scenario: string;
  n: number;
  wallMs: number;
  idealMs: number;
  ratio: number;
  callsPerActive: number;
  callsPerExpired: number;
  roundTrips: number;
  roundTripBudget: number;
  latencyErrorP95: number;
  /** This process (all threads) plus PostgreSQL. */
  cpuMsPerCheck: number;
  postgresCpuMsPerCheck: number;
  peakRssMb: number;
  firstCheckMs: number;
  target: string;
  met: boolean;
}

/** Counts statements from the sweep's first one on (the first tick's maintenance excluded). */
function countingDatabase(db: Database, counter: { trips: number; on: boolean }): Database {
  return {
    ...db,
    kind: db.kind,
    query: (sql, params) => {
      if (/waygate_due_reason/.test(sql)) counter.on = true;
      if (counter.on) counter.trips += 1;
      return db.query(sql, params);
    },
    exec: (sql) => {
      if (counter.on) counter.trips += 1;
      return db.exec(sql);
    },
    transaction: (fn) => db.transaction((tx) => fn(countingDatabase(tx, counter))),
    close: () => db.close(),
  };
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

async function runScenario(scenario: Scenario, upstreamUrls: string[]): Promise<Row> {
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const server = await createTestServer({
    database: kind,
    allowOutbound: '127.0.0.0/8',
    config: { checkTimeoutMs: 10_000 },
  });
  const stats = () =>
    fetch(`${upstreamUrls[0]}/__stats`).then((r) => r.json()) as Promise<{
      total: number;
      byToken: Record<string, number>;
    }>;
  await fetch(`${upstreamUrls[0]}/__reset`);
  try {
    const hangEvery = scenario.hangingShare > 0 ? Math.round(1 / scenario.hangingShare) : 0;
    const expiredEvery = scenario.expiredShare > 0 ? Math.round(1 / scenario.expiredShare) : 0;
    const isExpired = (i: number) => expiredEvery > 0 && i % expiredEvery === 1;
    const tokenFor = (i: number) =>
      `${hangEvery > 0 && i % hangEvery === 0 ? 'hang' : isExpired(i) ? 'expired' : 'ok'}-${i}`;
    // Ten tenants share the connections: one tenant may use half the concurrency at most.
    const perTenant = Math.ceil(scenario.connections / TENANTS);
    for (let t = 0; t * perTenant < scenario.connections; t += 1) {
      const { tenantId } = await server.createTenant(`bench ${t}`);
      const offset = t * perTenant;
      await seedConnections(server.db, server.deps.cipher, {
        tenantId: fromPublicId('tenant', tenantId)!,
        baseUrls: upstreamUrls,
        connections: Math.min(perTenant, scenario.connections - offset),
        tokenFor: (i) => tokenFor(i + offset),
        expired: (i) => isExpired(i + offset),
        now: new Date(),
      });
    }

    const counter = { trips: 0, on: false };
    let firstProbeAt = 0;
    // The prober `serve` uses: probes in worker threads (WAYGATE_PROBE_WORKERS, default from the
    // cores), where latency is measured off the busy main thread.
    const workers = createProbePool({
      allowList: parseAllowList('127.0.0.0/8'),
      timeoutMs: 10_000,
      workers: process.env.WAYGATE_PROBE_WORKERS
        ? Number(process.env.WAYGATE_PROBE_WORKERS)
        : defaultProbeWorkers(),
    });
    await workers.probe({ url: `${upstreamUrls[0]}/__stats`, method: 'GET', headers: {} });
    const prober: Pick<Prober, 'probe'> = {
      probe: (request) => {
        firstProbeAt ||= performance.now();
        return workers.probe(request);
      },
    };
    const config = loadSchedulerConfig(process.env, 10_000);
    const scheduler = createScheduler(
      {
        db: countingDatabase(server.db, counter),
        cipher: server.deps.cipher,
        prober,
        logger: createLogger({ level: 'silent' }),
        now: () => new Date(),
      },
      { ...config, tickMs: 3_600_000 },
      DEFAULT_RETENTION,
    );
    global.gc?.();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 25);
    const cpuBefore = process.cpuUsage();
    const { rows: dbRows } = await server.db.query<{ name: string }>(
      'SELECT current_database() AS name',
    );
    const postgresCpu = new PostgresCpu(kind === 'postgres' ? dbRows[0]!.name : null);
    const postgresBefore = postgresCpu.sample();
    const startedAt = performance.now();
    // Maintenance (partitions, retention) runs first; only the pass's round trips are counted.
    const summary = await scheduler.sweepOnce();
    const cpu = process.cpuUsage(cpuBefore);
    const postgresMs = postgresCpu.sample() - postgresBefore;
    clearInterval(sampler);
    await scheduler.stop();
    await workers.close();

    const upstream = await stats();
    const expiredTokens = Object.entries(upstream.byToken).filter(([t]) =>
      t.startsWith('expired-'),
    );
    const expiredCount = Array.from({ length: scenario.connections }, (_, i) => i).filter(
      isExpired,
    ).length;
    const activeCount = scenario.connections - expiredCount;
    const { rows } = await server.db.query<{ ms: number }>(
      'SELECT test_action_latency_ms AS ms FROM health_checks WHERE test_action_success',
    );
    const roundTrips = counter.trips;
    const idealMs = (activeCount * LATENCY_MS) / config.concurrency;
    const row: Row = {
      scenario: scenario.name,
      n: scenario.connections,
      wallMs: summary.durationMs,
      idealMs,
      ratio: summary.durationMs / Math.max(idealMs, LATENCY_MS),
      callsPerActive: (upstream.total - expiredTokens.length) / activeCount,
      callsPerExpired: expiredCount
        ? expiredTokens.reduce((a, [, n]) => a + n, 0) / expiredCount
        : 0,
      roundTrips,
      // Claims as the queue runs low (≤ concurrency each) and writes of ≤ flushRows.
      roundTripBudget:
        Math.ceil(scenario.connections / (config.concurrency / 2)) +
        Math.ceil(scenario.connections / config.flushRows) +
        4,
      latencyErrorP95: percentile(
        rows.map((r) => r.ms - LATENCY_MS),
        0.95,
      ),
      cpuMsPerCheck: ((cpu.user + cpu.system) / 1000 + postgresMs) / Math.max(1, summary.checked),
      postgresCpuMsPerCheck: postgresMs / Math.max(1, summary.checked),
      peakRssMb: peakRss / 2 ** 20,
      firstCheckMs: firstProbeAt - startedAt,
      target: scenario.target,
      met: false,
    };
    row.met = scenario.check(row);
    return row;
  } finally {
    await server.close();
  }
}

const max = Number(values.max);
const allScenarios: Scenario[] = [
  {
    name: '100, 10% hanging (10 s timeout)',
    connections: 100,
    hangingShare: 0.1,
    expiredShare: 0,
    target: 'wall ≤ 11 s',
    check: (r) => r.wallMs <= 11_000,
  },
  {
    name: '100 × 100 ms',
    connections: 100,
    hangingShare: 0,
    expiredShare: 0,
    target: '1.00 call/conn',
    check: (r) => r.callsPerActive === 1,
  },
  {
    name: '1,000 × 100 ms',
    connections: 1_000,
    hangingShare: 0,
    expiredShare: 0,
    target: '1.00 call/conn',
    check: (r) => r.callsPerActive === 1,
  },
  {
    name: '10,000 × 100 ms, 5% expired',
    connections: 10_000,
    hangingShare: 0,
    expiredShare: 0.05,
    target: 'wall ≤ 1.3 × ideal, err p95 ≤ 40 ms, CPU (server + PostgreSQL) ≤ 0.6 ms',
    check: (r) =>
      r.ratio <= 1.3 &&
      r.latencyErrorP95 <= 40 &&
      r.cpuMsPerCheck <= 0.6 &&
      r.callsPerExpired === 0,
  },
];
const scenarios = allScenarios.filter((s) => s.connections <= max);

const upstream = await startMockUpstream(HOSTS, LATENCY_MS);
const results: Row[] = [];
try {
  for (const scenario of scenarios) {
    results.push(await runScenario(scenario, upstream.urls));
    console.error(`done: ${scenario.name}`);
  }
} finally {
  upstream.close();
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(
  `\nbench:sweep on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'} — upstream ${LATENCY_MS} ms on ${HOSTS} loopback hosts, concurrency ${loadSchedulerConfig(process.env, 10_000).concurrency} — ${new Date().toISOString()}\n`,
);
console.log(
  '| scenario | wall | ideal | ratio | calls/active conn | calls/expired conn | DB round trips (budget) | latency error p95 | CPU/check (server + PostgreSQL) | of which PostgreSQL | peak RSS | first check after start | target | met |',
);
console.log(
  '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- | --- |',
);
for (const r of results) {
  console.log(
    `| ${r.scenario} | ${fmt(r.wallMs)} ms | ${fmt(r.idealMs)} ms | ${fmt(r.ratio, 2)} | ${fmt(r.callsPerActive, 2)} | ${fmt(r.callsPerExpired, 2)} | ${r.roundTrips} (${r.roundTripBudget}) | ${fmt(r.latencyErrorP95)} ms | ${fmt(r.cpuMsPerCheck, 2)} ms | ${fmt(r.postgresCpuMsPerCheck, 2)} ms | ${fmt(r.peakRssMb)} MB | ${fmt(r.firstCheckMs)} ms | ${r.target} | ${r.met ? 'yes' : 'NO'} |`,
  );
}
