/**
 * `pnpm bench:fairness`: can one hostile tenant slow everyone else's checks down?
 *
 * Two runs in one script, each on a fresh database with the production scheduler
 * (`createScheduler(...).start()`, real clock, settings from the environment) against the mock
 * upstream (100 ms on 50 loopback hosts):
 *   1. without: 50 normal tenants × 40 connections (1-minute interval, `ok-`, hosts 2…50);
 *   2. with: the same plus 1 hostile tenant with 5,000 connections (1-minute interval) to host 1,
 *      which never answers (`hang-`): every one of its checks runs into the 10 s check timeout.
 * Measured per run, in steady state (from one interval after the start, when the normal tenants'
 * first burst is over and they are on their grid) for `--minutes`: the normal tenants' due→start
 * lag p50/p99 and checks/s against the ideal. Target: p99 with the hostile tenant ≤ 1.2 × p99
 * without. Also printed: how many checks the hostile tenant got, and that its hung requests
 * end at the timeout (sockets held open on the mock after the drain).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm bench:fairness [--minutes 3]
 *     [--tenants 50] [--per-tenant 40] [--hostile 5000]
 */
import { parseArgs } from 'node:util';
import { intervalMsFromMinutes } from '@waygate/health-core';
import { fmt } from './bench-support';
import {
  CHECK_TIMEOUT_MS,
  CpuMeter,
  databaseKind,
  lagFigures,
  openBenchServer,
  PostgresCpu,
  progress,
  Sampler,
  StartRecorder,
  seconds,
  seedTenant,
  sleep,
  sleepUntil,
  startMockUpstream,
  startScheduler,
} from './pipeline-support';

const { values } = parseArgs({
  // `pnpm bench:fairness -- --minutes 1` passes the `--` through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    minutes: { type: 'string', default: '3' },
    tenants: { type: 'string', default: '50' },
    'per-tenant': { type: 'string', default: '40' },
    hostile: { type: 'string', default: '5000' },
  },
});

const LATENCY_MS = 100;
const HOSTS = 50;
const INTERVAL_MINUTES = 1;
const INTERVAL_MS = INTERVAL_MINUTES * 60_000;
const MINUTES = Number(values.minutes);
const NORMAL_TENANTS = Number(values.tenants);
const PER_TENANT = Number(values['per-tenant']);
const HOSTILE = Number(values.hostile);

const upstream = await startMockUpstream(HOSTS, LATENCY_MS);
const hostileHost = upstream.urls[0]!;
const normalHosts = upstream.urls.slice(1);

interface Run {
  label: string;
  normalRate: number;
  idealRate: number;
  /** Started in the window, and waiting at its end (time waited so far). */
  lag: { p50: number; p99: number; max: number };
  waitingAtEnd: number;
  longestWait: number;
  normalNeverStarted: number;
  /** The same over each minute of the window, to show a trend. */
  lagByMinute: number[];
  hostileStarted: number;
  hostileInFlightPeak: number;
  serverCpu: number;
  postgresCpu: number;
  machineBusy: number;
  load: number;
  skipped: number;
  repeated: number;
  /** After the drain and a settling second: hung requests / sockets still open on the mock. */
  hangingAfter: number;
  socketsAfter: number;
  hangRequests: number;
  drainMs: number;
  /** The scheduler's limits, as printed. */
  config: string;
}

async function run(withHostile: boolean): Promise<Run> {
  const label = withHostile ? 'with the hostile tenant' : 'without';
  const bench = await openBenchServer();
  const { server, database } = bench;
  const postgres = new PostgresCpu(database);
  const meter = new CpuMeter(postgres, upstream.child.pid);
  let stop: (() => Promise<void>) | null = null;
  let closed = false;
  const onSigint = () => {
    progress('interrupted: draining and dropping the bench database');
    void (stop?.() ?? Promise.resolve())
      .then(() => bench.close())
      .finally(() => {
        upstream.close();
        process.exit(130);
      });
  };
  process.once('SIGINT', onSigint);
  try {
    await fetch(`${hostileHost}/__reset`);
    progress(
      `${label}: seeding ${NORMAL_TENANTS} × ${PER_TENANT} normal connections${withHostile ? ` and ${fmt(HOSTILE)} hanging ones` : ''}`,
    );
    const normal = new Set<string>();
    for (let t = 0; t < NORMAL_TENANTS; t += 1) {
      // Each tenant's connections over a few hosts (2…50), as a real tenant's few APIs.
      const hosts = Array.from(
        { length: 4 },
        (_, k) => normalHosts[(t * 4 + k) % normalHosts.length]!,
      );
      normal.add(
        await seedTenant(server, {
          name: `normal ${t}`,
          connections: PER_TENANT,
          baseUrls: hosts,
          tokenFor: (i) => `ok-${t}-${i}`,
          intervalMinutes: INTERVAL_MINUTES,
        }),
      );
    }
    let hostileTenant: string | null = null;
    if (withHostile) {
      hostileTenant = await seedTenant(server, {
        name: 'hostile',
        connections: HOSTILE,
        baseUrls: [hostileHost],
        tokenFor: (i) => `hang-${i}`,
        intervalMinutes: INTERVAL_MINUTES,
      });
    }
    const origin = performance.now();
    const recorder = new StartRecorder(origin, (check) =>
      intervalMsFromMinutes(check.context.integration.healthCheckConfig.intervalMinutes),
    );
    // The hostile tenant's checks in flight (started − finished ≈ started in the last 10 s).
    let hostileInFlightPeak = 0;
    const sampler = new Sampler(origin, () => {
      postgres.sample();
      if (!hostileTenant) return;
      const now = performance.now() - origin;
      const recent = recorder.window(now - CHECK_TIMEOUT_MS, now, (t) => t === hostileTenant);
      hostileInFlightPeak = Math.max(hostileInFlightPeak, recent.count);
    });
    sampler.start(1_000);
    const scheduler = startScheduler(bench, recorder.onStart);
    stop = scheduler.stop;
    const windowStart = INTERVAL_MS + 5_000;
    const windowEnd = windowStart + MINUTES * 60_000;
    progress(`${label}: warm-up ${seconds(windowStart, 0)}, then ${MINUTES} min measured`);
    await sleepUntil(origin, windowStart);
    const cpuFrom = meter.snapshot();
    const isNormal = (tenantId: string) => normal.has(tenantId);
    const lagByMinute: number[] = [];
    // Normal checks past their slot and not started count with the time waited so far: a lag
    // of started checks alone would look fine while checks starve.
    let waiting: number[] = [];
    for (let m = 1; m <= MINUTES; m += 1) {
      await sleepUntil(origin, windowStart + m * 60_000);
      waiting = recorder.waiting(Date.now(), isNormal);
      const minute = recorder.window(
        windowStart + (m - 1) * 60_000,
        windowStart + m * 60_000,
        isNormal,
      );
      lagByMinute.push(lagFigures([...minute.lags, ...waiting]).p99);
      progress(
        `${label}: minute ${m}: normal tenants ${fmt(minute.count / 60, 1)} checks/s, lag p99 ${fmt(lagByMinute[m - 1]!)} ms`,
      );
    }
    const cpu = CpuMeter.delta(cpuFrom, meter.snapshot());
    const { count, lags } = recorder.window(windowStart, windowEnd, isNormal);
    const normalSeen = recorder.connectionsSeen(isNormal);
    const hostileStarted = hostileTenant
      ? recorder.window(0, windowEnd, (t) => t === hostileTenant).count
      : 0;
    progress(`${label}: draining`);
    const drainStarted = performance.now();
    await scheduler.stop();
    stop = null;
    const drainMs = performance.now() - drainStarted;
    sampler.stop();
    // Hung requests end with the client's timeout (its abort closes the socket): none may be
    // left once the drain is over. Then, with the server's keep-alive pools closed, no socket.
    await sleep(1_000);
    const stats = await upstream.stats();
    await bench.close();
    closed = true;
    await sleep(500);
    const { sockets } = await upstream.stats();
    const hangRequests = Object.entries(stats.byToken)
      .filter(([token]) => token.startsWith('hang-'))
      .reduce((a, [, n]) => a + n, 0);
    return {
      label,
      normalRate: count / (MINUTES * 60),
      idealRate: (NORMAL_TENANTS * PER_TENANT) / (INTERVAL_MS / 1000),
      lag: lagFigures([...lags, ...waiting]),
      waitingAtEnd: waiting.length,
      longestWait: Math.max(0, ...waiting),
      normalNeverStarted: NORMAL_TENANTS * PER_TENANT - normalSeen,
      lagByMinute,
      hostileStarted,
      hostileInFlightPeak,
      serverCpu: cpu.selfMs / cpu.wallMs,
      postgresCpu: cpu.postgresMs / cpu.wallMs,
      machineBusy: cpu.machineBusy,
      load: cpu.loadAverage,
      skipped: recorder.skippedSlots,
      repeated: recorder.repeatedSlots,
      hangingAfter: stats.hanging,
      socketsAfter: sockets,
      hangRequests,
      drainMs,
      config: `${scheduler.config.concurrency} (tenant ${scheduler.config.tenantConcurrency}, host ${scheduler.config.hostConcurrency}, ${scheduler.config.hostRequestsPerSecond}/s per host), probe workers ${bench.probeWorkers}`,
    };
  } finally {
    process.off('SIGINT', onSigint);
    await stop?.().catch(() => undefined);
    if (!closed) await bench.close();
  }
}

let runs: Run[];
try {
  runs = [await run(false), await run(true)];
} finally {
  upstream.close();
}
const [without, withHostile] = runs as [Run, Run];
const ratio = withHostile.lag.p99 / without.lag.p99;
const pct = (x: number) => `${fmt(x * 100)} %`;
console.log(
  `\nbench:fairness on ${databaseKind() === 'postgres' ? 'PostgreSQL' : 'PGlite'} — ${NORMAL_TENANTS} normal tenants × ${PER_TENANT} connections (1-minute interval, ${LATENCY_MS} ms, hosts 2…${HOSTS}); hostile tenant: ${fmt(HOSTILE)} connections (1-minute interval) to host 1, which never answers (check timeout ${CHECK_TIMEOUT_MS / 1000} s); concurrency ${runs[0]!.config}; normal tenants' figures over ${MINUTES} min of steady state (from ${seconds(INTERVAL_MS + 5_000, 0)} after the start) — ${new Date().toISOString()}\n`,
);
console.log(
  '| run | normal tenants: checks/s (ideal) | lag p50 | lag p99 | lag max | lag p99 per minute | past their slot at the end (longest wait); never started | slots skipped / twice | hostile checks started (peak in flight) | hang requests / still open after the drain / mock sockets open once the server closed | drain | server CPU (of one core) | PostgreSQL CPU | machine busy (2 cores), load |',
);
console.log(
  '| --- | --: | --: | --: | --: | --- | --: | --: | --: | --: | --: | --: | --: | --: |',
);
for (const r of runs) {
  console.log(
    `| ${r.label} | ${fmt(r.normalRate, 1)} (${fmt(r.idealRate, 1)}) | ${fmt(r.lag.p50)} ms | ${fmt(r.lag.p99)} ms | ${fmt(r.lag.max)} ms | ${r.lagByMinute.map((x) => fmt(x)).join(' / ')} ms | ${fmt(r.waitingAtEnd)} (${fmt(r.longestWait)} ms); ${r.normalNeverStarted} | ${r.skipped} / ${r.repeated} | ${fmt(r.hostileStarted)} (${r.hostileInFlightPeak}) | ${fmt(r.hangRequests)} / ${r.hangingAfter} / ${r.socketsAfter} | ${fmt(r.drainMs)} ms | ${pct(r.serverCpu)} | ${pct(r.postgresCpu)} | ${pct(r.machineBusy)}, ${fmt(r.load, 1)} |`,
  );
}
console.log(
  `\nnormal tenants' lag p99 with ÷ without the hostile tenant: ${fmt(withHostile.lag.p99)} ÷ ${fmt(without.lag.p99)} ms = ${fmt(ratio, 2)} (target ≤ 1.2): ${ratio <= 1.2 ? 'met' : '**NOT met**'}`,
);
