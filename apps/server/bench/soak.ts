/**
 * `pnpm bench:soak`: the continuous pipeline at a steady rate for minutes on end.
 *
 * The production scheduler (`createScheduler(...).start()`, real clock, settings from the
 * environment) runs against the mock upstream (100 ms on 50 loopback hosts) with N connections
 * of 10 tenants on a short interval: 6,667 connections at 1 minute are 111 checks/s, the rate of
 * 100,000 connections at 15 minutes. New connections are checked at once and then land on their
 * grid, so figures are taken in steady state: from one interval after the start (and half an
 * interval after the initial burst) for `--minutes`. Reported: due→start lag p50/p99 (the
 * pipeline's `onStart`), checks/s achieved against the ideal N ÷ interval, slots skipped or run
 * twice, recorded-latency error (recorded − 100 ms), CPU per check (this process, all threads,
 * plus PostgreSQL's processes for the bench database, from /proc), RSS over time, database size.
 *
 * `--ramp`: one run that raises the rate step by step (×1.5 connections per step, each step two
 * intervals long, measured over its second interval; connections placed on their grid so a step
 * starts without a burst) until lag p99 exceeds 30 s or 15 minutes have passed, and reports the
 * highest rate sustained (lag p99 ≤ 30 s and ≥ 99 % of the ideal rate).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm bench:soak [--connections 6667]
 *     [--minutes 10] [--interval-seconds 60] [--tenants 10]
 *     [--ramp [--ramp-factor 1.5] [--ramp-minutes 15]]
 */

import { parseArgs } from 'node:util';
import { intervalMsFromMinutes } from '@waygate/health-core';
import { fmt } from './bench-support';
import {
  type CpuDelta,
  CpuMeter,
  type CpuSnapshot,
  databaseKind,
  databaseSize,
  lagFigures,
  latencyErrorFigures,
  mb,
  openBenchServer,
  PostgresCpu,
  progress,
  recordedLatencies,
  Sampler,
  StartRecorder,
  seconds,
  seedTenant,
  sleepUntil,
  startMockUpstream,
  startScheduler,
} from './pipeline-support';

const { values } = parseArgs({
  // `pnpm bench:soak -- --ramp` passes the `--` through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    connections: { type: 'string', default: '6667' },
    minutes: { type: 'string', default: '10' },
    'interval-seconds': { type: 'string', default: '60' },
    tenants: { type: 'string', default: '10' },
    ramp: { type: 'boolean', default: false },
    'ramp-factor': { type: 'string', default: '1.5' },
    /** The ramp's budget in all (at most 15). */
    'ramp-minutes': { type: 'string', default: '15' },
  },
});

const LATENCY_MS = 100;
const HOSTS = 50;
const CONNECTIONS = Number(values.connections);
const MINUTES = Number(values.minutes);
const INTERVAL_S = Number(values['interval-seconds']);
const TENANTS = Number(values.tenants);
const RAMP_FACTOR = Number(values['ramp-factor']);
/** The ramp's limits: stop past this lag p99, and after this long in all. */
const RAMP_LAG_P99_MS = 30_000;
const RAMP_BUDGET_MS = Math.min(15, Number(values['ramp-minutes'])) * 60_000;

if (!Number.isInteger(INTERVAL_S) || INTERVAL_S < 60 || INTERVAL_S % 60 !== 0) {
  throw new Error('--interval-seconds must be a multiple of 60 (core: whole minutes, at least 1)');
}
if (!(CONNECTIONS >= TENANTS) || !(MINUTES > 0) || !(RAMP_FACTOR > 1)) {
  throw new Error('--connections ≥ --tenants, --minutes > 0, --ramp-factor > 1');
}
const INTERVAL_MS = INTERVAL_S * 1000;
const INTERVAL_MINUTES = INTERVAL_S / 60;

const upstream = await startMockUpstream(HOSTS, LATENCY_MS);
const bench = await openBenchServer();
const { server, database, pglite } = bench;
const postgres = new PostgresCpu(database);
const meter = new CpuMeter(postgres, upstream.child.pid);
let stopScheduler: (() => Promise<void>) | null = null;
let serverClosed: Promise<void> | null = null;
/** Drains the scheduler, closes the prober's pools and drops the bench database. */
const closeServer = () => {
  serverClosed ??= (async () => {
    await stopScheduler?.().catch(() => undefined);
    await bench.close().catch(() => undefined);
  })();
  return serverClosed;
};
const closeAll = async () => {
  await closeServer();
  upstream.close();
};
process.once('SIGINT', () => {
  progress('interrupted: draining and dropping the bench database');
  void closeAll().then(() => process.exit(130));
});

/** Seeds `count` more connections spread over the tenants and the 50 hosts. */
const tenantUuids: (string | undefined)[] = Array.from({ length: TENANTS }, () => undefined);
let seeded = 0;
async function addConnections(count: number, onGrid: boolean): Promise<void> {
  const base = Math.floor(count / TENANTS);
  for (let t = 0; t < TENANTS; t += 1) {
    const n = base + (t < count % TENANTS ? 1 : 0);
    if (n === 0) continue;
    const offset = seeded;
    tenantUuids[t] = await seedTenant(
      server,
      {
        name: `soak ${t}`,
        connections: n,
        baseUrls: upstream.urls,
        tokenFor: (i) => `ok-${offset + i}`,
        intervalMinutes: INTERVAL_MINUTES,
        onGrid,
      },
      tenantUuids[t],
    );
    seeded += n;
  }
}

function cpuFigures(cpu: CpuDelta, checks: number) {
  const perCheck = (cpu.selfMs + cpu.postgresMs) / Math.max(1, checks);
  return {
    perCheck,
    postgresPerCheck: cpu.postgresMs / Math.max(1, checks),
    /** Share of one core. */
    self: cpu.selfMs / cpu.wallMs,
    postgres: cpu.postgresMs / cpu.wallMs,
    upstream: cpu.upstreamMs / cpu.wallMs,
  };
}

const pct = (x: number) => `${fmt(x * 100)} %`;
const kind = databaseKind() === 'postgres' ? 'PostgreSQL' : 'PGlite';
const pgNote = database ? '' : ' (PGlite: PostgreSQL runs inside this process)';

interface Row {
  figure: string;
  value: string;
  target: string;
  met: boolean | null;
}
function printRows(rows: Row[]): void {
  console.log('| figure | measured | target | met |');
  console.log('| --- | --: | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.figure} | ${r.value} | ${r.target} | ${r.met === null ? '—' : r.met ? 'yes' : '**NO**'} |`,
    );
  }
}

/** The production scheduler with a start recorder (lag) and a CPU/memory sampler from now on. */
function startMeasuredScheduler() {
  const origin = performance.now();
  const recorder = new StartRecorder(origin, (check) =>
    intervalMsFromMinutes(check.context.integration.healthCheckConfig.intervalMinutes),
  );
  const sampler = new Sampler(origin, () => postgres.sample());
  sampler.start(1_000);
  const scheduler = startScheduler(bench, recorder.onStart);
  stopScheduler = scheduler.stop;
  return { origin, recorder, sampler, scheduler };
}

async function soak(): Promise<void> {
  progress(`seeding ${fmt(CONNECTIONS)} connections (${TENANTS} tenants, ${HOSTS} hosts)`);
  await addConnections(CONNECTIONS, false);
  const { origin, recorder, sampler, scheduler } = startMeasuredScheduler();
  const startedWall = Date.now();
  progress(
    `scheduler started (concurrency ${scheduler.config.concurrency}, tenant ${scheduler.config.tenantConcurrency}, host ${scheduler.config.hostConcurrency}, ${scheduler.config.hostRequestsPerSecond}/s per host); warm-up ≥ one interval`,
  );

  // Steady state: one interval after the start, and half an interval after the burst of
  // never-checked connections ended (their next check is at least half an interval later).
  let burstDoneAt = Number.NaN;
  for (;;) {
    const now = performance.now() - origin;
    if (Number.isNaN(burstDoneAt) && recorder.t.length >= CONNECTIONS) {
      burstDoneAt = recorder.t[CONNECTIONS - 1]!;
      progress(`initial burst of ${fmt(CONNECTIONS)} checks started by ${seconds(burstDoneAt)}`);
    }
    if (!Number.isNaN(burstDoneAt) && now >= Math.max(INTERVAL_MS, burstDoneAt + INTERVAL_MS / 2))
      break;
    if (now > 10 * INTERVAL_MS) throw new Error('the initial burst did not finish');
    await sleepUntil(origin, now + 250);
  }
  const windowStart = performance.now() - origin;
  const windowMs = MINUTES * 60_000;
  const windowEnd = windowStart + windowMs;
  const windowStartWall = new Date(startedWall + windowStart);
  const sizeBefore = await databaseSize(server, pglite);
  const cpuStart = meter.snapshot();
  progress(`steady state from ${seconds(windowStart, 1)}; measuring ${MINUTES} min`);

  // A line per minute: rate, lag, CPU and RSS over time.
  const timeline: string[] = [];
  let minuteCpu: CpuSnapshot = cpuStart;
  // Checks past their slot and not started yet count with the time waited so far.
  let waitingAtEnd: number[] = [];
  for (let m = 1; m <= MINUTES; m += 1) {
    const from = windowStart + (m - 1) * 60_000;
    const to = windowStart + m * 60_000;
    await sleepUntil(origin, to);
    waitingAtEnd = recorder.waiting(Date.now());
    const snap = meter.snapshot();
    const minuteDelta = CpuMeter.delta(minuteCpu, snap);
    const cpu = cpuFigures(minuteDelta, 1);
    minuteCpu = snap;
    const { count, lags } = recorder.window(from, to);
    const lag = lagFigures([...lags, ...waitingAtEnd]);
    const memory = sampler.between(from, to);
    const rss = memory.length ? memory[memory.length - 1]!.rss : Number.NaN;
    const line = `| ${m} | ${fmt(count / 60, 1)} | ${fmt(lag.p50)} ms | ${fmt(lag.p99)} ms | ${fmt(lag.max)} ms | ${pct(cpu.self)} | ${pct(cpu.postgres)} | ${pct(minuteDelta.machineBusy)} | ${mb(rss)} |`;
    timeline.push(line);
    progress(
      `minute ${m}: ${fmt(count / 60, 1)} checks/s, lag p99 ${fmt(lag.p99)} ms, RSS ${mb(rss)}`,
    );
  }
  const cpuEnd = meter.snapshot();
  const sizeAfter = await databaseSize(server, pglite);
  const windowEndWall = new Date(startedWall + windowEnd);
  progress('draining');
  const drainStarted = performance.now();
  await scheduler.stop();
  stopScheduler = null;
  const drainMs = performance.now() - drainStarted;
  sampler.stop();

  const { count, lags } = recorder.window(windowStart, windowEnd);
  const lag = lagFigures([...lags, ...waitingAtEnd]);
  const idealRate = CONNECTIONS / INTERVAL_S;
  const rate = count / (windowMs / 1000);
  const cpuDelta = CpuMeter.delta(cpuStart, cpuEnd);
  const cpu = cpuFigures(cpuDelta, count);
  const latency = latencyErrorFigures(
    await recordedLatencies(server, windowStartWall, windowEndWall),
    LATENCY_MS,
  );
  const { rows: leftovers } = await server.db.query<{ leased: number; checks: number }>(
    `SELECT (SELECT count(*)::int FROM connections WHERE lease_owner IS NOT NULL) AS leased,
            (SELECT count(*)::int FROM health_checks) AS checks`,
  );
  const memory = sampler.between(windowStart, windowEnd + 1);
  const rssStart = memory[0]!.rss;
  const rssMid = memory[Math.floor(memory.length / 2)]!.rss;
  const rssEnd = memory[memory.length - 1]!.rss;
  const rssPeak = Math.max(...sampler.samples.map((s) => s.rss));
  const heapStart = memory[0]!.heapUsed;
  const heapEnd = memory[memory.length - 1]!.heapUsed;
  // With the server closed (its keep-alive pools too), nothing should stay open on the mock.
  await closeServer();
  const upstreamStats = await upstream.stats();

  console.log(
    `\nbench:soak on ${kind} — ${fmt(CONNECTIONS)} connections (${TENANTS} tenants, ${HOSTS} hosts) at a ${INTERVAL_S} s interval = ${fmt(idealRate, 1)} checks/s (${fmt(idealRate * 900)} connections at 15 min); upstream ${LATENCY_MS} ms; concurrency ${scheduler.config.concurrency} (tenant ${scheduler.config.tenantConcurrency}, host ${scheduler.config.hostConcurrency}, ${scheduler.config.hostRequestsPerSecond}/s per host), probe workers ${bench.probeWorkers}; steady state ${seconds(windowStart, 0)} → ${seconds(windowEnd, 0)} after start — ${new Date().toISOString()}\n`,
  );
  console.log(
    '| minute | checks/s | lag p50 | lag p99 | lag max | server CPU (of one core) | PostgreSQL CPU | machine busy (2 cores) | RSS |',
  );
  console.log('| --: | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const line of timeline) console.log(line);
  console.log('');
  const serverBusy = cpu.self;
  printRows([
    {
      figure: 'due→start lag p50 / p99 / max (started, and waiting at the end)',
      value: `${fmt(lag.p50)} / ${fmt(lag.p99)} / ${fmt(lag.max)} ms`,
      target: 'p99 ≤ 5 s',
      met: lag.p99 <= 5_000,
    },
    {
      figure: 'past their slot and not started at the end: connections (longest wait)',
      value: `${fmt(waitingAtEnd.length)} (${fmt(Math.max(0, ...waitingAtEnd))} ms)`,
      target: '— (counted in the lag above)',
      met: null,
    },
    {
      figure: 'checks/s achieved vs ideal N ÷ interval',
      value: `${fmt(rate, 1)} / ${fmt(idealRate, 1)} = ${fmt((rate / idealRate) * 100, 1)} %`,
      target: '≥ 99 %',
      met: rate / idealRate >= 0.99,
    },
    {
      figure: 'slots skipped / run twice (whole run)',
      value: `${recorder.skippedSlots} / ${recorder.repeatedSlots}`,
      target: '0 / 0',
      met: recorder.skippedSlots === 0 && recorder.repeatedSlots === 0,
    },
    {
      figure: `recorded − true latency p50 / p95 / p99 (${fmt(latency.n)} checks)`,
      value: `${fmt(latency.p50)} / ${fmt(latency.p95)} / ${fmt(latency.p99)} ms`,
      target: `p95 ≤ 20 ms with the server below ~70 % of a core (it used ${pct(serverBusy)})`,
      met: latency.p95 <= 20,
    },
    {
      figure: `CPU per check: server (all threads) + PostgreSQL${pgNote}`,
      value: `${fmt(cpu.perCheck, 2)} ms (PostgreSQL ${fmt(cpu.postgresPerCheck, 2)} ms)`,
      target: '— (bench:sweep: ≤ 0.6 ms)',
      met: null,
    },
    {
      figure: 'CPU share: server / PostgreSQL / mock upstream (of one core); machine busy',
      value: `${pct(cpu.self)} / ${pct(cpu.postgres)} / ${pct(cpu.upstream)}; ${pct(cpuDelta.machineBusy)} of 2 cores, load ${fmt(cpuDelta.loadAverage, 1)}`,
      target: '—',
      met: null,
    },
    {
      figure: 'RSS steady start / mid / end; peak (whole run)',
      value: `${mb(rssStart)} / ${mb(rssMid)} / ${mb(rssEnd)}; ${mb(rssPeak)}`,
      target: 'flat (end ≤ start + 10 %)',
      met: rssEnd <= rssStart * 1.1,
    },
    {
      figure: 'JS heap used steady start → end',
      value: `${mb(heapStart)} → ${mb(heapEnd)}`,
      target: '—',
      met: null,
    },
    {
      figure: `database size start → end of steady state${pglite ? '; PGlite WASM heap' : ''}`,
      value: `${mb(sizeBefore.databaseBytes)} → ${mb(sizeAfter.databaseBytes)}${
        sizeAfter.wasmHeapBytes === null
          ? ''
          : `; ${mb(sizeBefore.wasmHeapBytes ?? Number.NaN)} → ${mb(sizeAfter.wasmHeapBytes)}`
      }`,
      target: '—',
      met: null,
    },
    {
      figure: 'checks started / results written (whole run); leases left after drain',
      value: `${fmt(recorder.t.length)} / ${fmt(leftovers[0]!.checks)}; ${leftovers[0]!.leased}`,
      target: 'equal; 0',
      met: recorder.t.length === leftovers[0]!.checks && leftovers[0]!.leased === 0,
    },
    {
      figure: 'drain (stop) time; sockets open on the mock once the server closed',
      value: `${fmt(drainMs)} ms; ${upstreamStats.sockets} (the stats request's own included)`,
      target: '—; ≤ 1',
      met: upstreamStats.sockets <= 1,
    },
  ]);
}

interface Step {
  connections: number;
  idealRate: number;
  rate: number;
  lag: { p50: number; p99: number; max: number };
  cpu: ReturnType<typeof cpuFigures>;
  machineBusy: number;
  load: number;
  rss: number;
  sustained: boolean;
}

async function ramp(): Promise<void> {
  const stepMs = 2 * INTERVAL_MS;
  progress(`seeding ${fmt(CONNECTIONS)} connections on their grid`);
  await addConnections(CONNECTIONS, true);
  const { origin, recorder, sampler, scheduler } = startMeasuredScheduler();
  const steps: Step[] = [];
  let target = CONNECTIONS;
  let stepStart = 0;
  let stopReason = `budget of ${RAMP_BUDGET_MS / 60_000} minutes`;
  for (;;) {
    const measureFrom = stepStart + stepMs - INTERVAL_MS;
    const stepEnd = stepStart + stepMs;
    progress(
      `step ${steps.length + 1}: ${fmt(seeded)} connections = ${fmt(seeded / INTERVAL_S, 1)} checks/s ideal`,
    );
    await sleepUntil(origin, measureFrom);
    const cpuFrom = meter.snapshot();
    await sleepUntil(origin, stepEnd);
    const waiting = recorder.waiting(Date.now());
    const cpuTo = meter.snapshot();
    const { count, lags } = recorder.window(measureFrom, stepEnd);
    const lag = lagFigures([...lags, ...waiting]);
    const idealRate = seeded / INTERVAL_S;
    const rate = count / (INTERVAL_MS / 1000);
    const delta = CpuMeter.delta(cpuFrom, cpuTo);
    const memory = sampler.between(measureFrom, stepEnd);
    const step: Step = {
      connections: seeded,
      idealRate,
      rate,
      lag,
      cpu: cpuFigures(delta, count),
      machineBusy: delta.machineBusy,
      load: delta.loadAverage,
      rss: memory.length ? memory[memory.length - 1]!.rss : Number.NaN,
      sustained: lag.p99 <= RAMP_LAG_P99_MS && rate / idealRate >= 0.99,
    };
    steps.push(step);
    progress(
      `  ${fmt(rate, 1)} of ${fmt(idealRate, 1)} checks/s, lag p50 ${fmt(lag.p50)} ms p99 ${fmt(lag.p99)} ms; server CPU ${pct(step.cpu.self)}, PostgreSQL ${pct(step.cpu.postgres)}`,
    );
    if (lag.p99 > RAMP_LAG_P99_MS) {
      stopReason = `lag p99 above ${RAMP_LAG_P99_MS / 1000} s`;
      break;
    }
    // The next step must fit in the budget, its seeding included (≈ a few seconds).
    if (performance.now() - origin + stepMs + 10_000 > RAMP_BUDGET_MS) break;
    target = Math.round(target * RAMP_FACTOR);
    await addConnections(target - seeded, true);
    stepStart = performance.now() - origin;
  }
  progress('draining');
  await scheduler.stop();
  stopScheduler = null;
  sampler.stop();
  const totalMs = performance.now() - origin;

  const best = [...steps].reverse().find((s) => s.sustained);
  console.log(
    `\nbench:soak --ramp on ${kind} — ${TENANTS} tenants, ${HOSTS} hosts, ${INTERVAL_S} s interval, upstream ${LATENCY_MS} ms; connections ×${RAMP_FACTOR} per step of ${seconds(stepMs, 0)}, each measured over its last interval; concurrency ${scheduler.config.concurrency} (tenant ${scheduler.config.tenantConcurrency}, host ${scheduler.config.hostConcurrency}, ${scheduler.config.hostRequestsPerSecond}/s per host), probe workers ${bench.probeWorkers}; stopped after ${seconds(totalMs, 0)}: ${stopReason} — ${new Date().toISOString()}\n`,
  );
  console.log(
    '| step | connections (= at 15 min) | checks/s ideal | achieved | lag p50 | lag p99 | lag max | CPU/check (server + PostgreSQL) | server CPU (of one core) | PostgreSQL CPU | machine busy (2 cores), load | RSS | sustained (p99 ≤ 30 s, ≥ 99 %) |',
  );
  console.log('| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |');
  steps.forEach((s, i) => {
    console.log(
      `| ${i + 1} | ${fmt(s.connections)} (${fmt(s.idealRate * 900)}) | ${fmt(s.idealRate, 1)} | ${fmt(s.rate, 1)} (${fmt((s.rate / s.idealRate) * 100, 1)} %) | ${fmt(s.lag.p50)} ms | ${fmt(s.lag.p99)} ms | ${fmt(s.lag.max)} ms | ${fmt(s.cpu.perCheck, 2)} ms | ${pct(s.cpu.self)} | ${pct(s.cpu.postgres)} | ${pct(s.machineBusy)}, ${fmt(s.load, 1)} | ${mb(s.rss)} | ${s.sustained ? 'yes' : 'no'} |`,
    );
  });
  console.log(
    `\nhighest sustained rate: ${best ? `${fmt(best.rate, 1)} checks/s (${fmt(best.connections)} connections at ${INTERVAL_S} s = ${fmt(best.idealRate * 900)} at 15 minutes)` : 'none'}; moonshot 1,111 checks/s; slots skipped / run twice over the whole ramp: ${recorder.skippedSlots} / ${recorder.repeatedSlots}`,
  );
}

try {
  if (values.ramp) await ramp();
  else await soak();
} finally {
  await closeAll();
}
