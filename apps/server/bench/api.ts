/**
 * `pnpm bench:api`: the read path over the database `bench:seed` kept (10,000 connections × 7 days
 * of 15-minute history by default), on loopback only.
 *
 * 1. Single client, warm cache: each endpoint is driven by autocannon (1 connection, --duration
 *    seconds after a 1 s warm-up) against the real server process (`bench/api-server.ts`: the
 *    `serve` path with the scheduler), p50/p95/p99 and requests/s beside issue 8's targets. Every
 *    request picks one of 200 random connections. The same service functions are then called
 *    in-process (no HTTP, no auth) for the HTTP overhead.
 * 2. Load: 200 concurrent clients (25 per endpoint) for --load-seconds while a sweep of every
 *    connection runs in the server (cron endpoint) against a mock upstream process (100 ms, 50
 *    loopback hosts): errors, summary p99, and the sweep's time against an unloaded sweep.
 *
 *   npx tsx bench/api.ts [--database <name>] [--duration 5] [--load-seconds 60] [--skip-load]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Database } from '../src/db/database';
import { fromPublicId, newUuid, toPublicId } from '../src/ids';
import { getConnectionRow, listConnections } from '../src/services/connections';
import { latestHealthCheck, listHealthChecks } from '../src/services/health-checks';
import { connectionLatency, connectionUptime, healthSummary } from '../src/services/metrics';
import { API_KEY_PREFIX, hashApiKey } from '../src/services/tenants';
import {
  BENCH_ENCRYPTION_KEY,
  databaseUrl,
  type FigureRow,
  fmt,
  MACHINE,
  openSeeded,
  percentile,
  printTable,
  sleep,
} from './bench-support';
import { startMockUpstream } from './pipeline-support';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    duration: { type: 'string', default: '5' },
    'load-seconds': { type: 'string', default: '60' },
    'load-clients': { type: 'string', default: '200' },
    // Requests per second each load client sends (a dashboard refreshing its widgets); 0 = as
    // fast as answers come back (closed loop: a saturation test, latency = clients ÷ throughput).
    'client-rate': { type: 'string', default: '1' },
    'skip-load': { type: 'boolean', default: false },
    'skip-single': { type: 'boolean', default: false },
    // Run the sweep in a second server process (a replica on the same database, as a deployment
    // with a scheduler replica and API replicas would) instead of in the process answering the API.
    'sweep-replica': { type: 'boolean', default: false },
  },
});
const DURATION_S = Number(values.duration);
const LOAD_S = Number(values['load-seconds']);
const LOAD_CLIENTS = Number(values['load-clients']);
const CLIENT_RATE = Number(values['client-rate']);
const UPSTREAM_LATENCY_MS = 100;
const UPSTREAM_HOSTS = 50;

interface Endpoint {
  name: string;
  /** p95 target in ms (single client, warm cache). */
  targetP95: number;
  path: (pick: Picks) => string;
  direct: (db: Database, tenant: string, pick: Picks) => Promise<unknown>;
}

interface Picks {
  connection: string;
  deepCursor: { connection: string; cursor: string };
}

interface Sample {
  latencies: number[];
  requests: number;
  errors: number;
  non2xx: number;
  seconds: number;
}

// ---------------------------------------------------------------- setup

const { db, state } = await openSeeded(values.database, 4);
const tenant = state.tenantUuid;
const now = () => new Date();

const apiKey = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
await db.query(
  'INSERT INTO api_keys (id, tenant_id, key_hash, created_at) VALUES ($1, $2, $3, now())',
  [newUuid(), tenant, hashApiKey(apiKey)],
);

const sampleIds = (
  await db.query<{ id: string }>(
    'SELECT id FROM connections WHERE tenant_id = $1 ORDER BY random() LIMIT 200',
    [tenant],
  )
).rows.map((r) => toPublicId('connection', r.id));

/** Cursors ~90 % deep into a connection's history, reached page by page as a client would. */
async function deepCursors(count: number) {
  const result: { connection: string; cursor: string }[] = [];
  for (const connection of sampleIds.slice(0, count)) {
    const uuid = fromPublicId('connection', connection)!;
    const total = (
      await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM health_checks WHERE connection_id = $1',
        [uuid],
      )
    ).rows[0]!.n;
    const pages = Math.max(1, Math.floor((total * 0.9) / 50));
    let cursor: string | undefined;
    for (let page = 0; page < pages; page++) {
      const { pagination } = await listHealthChecks(db, tenant, uuid, {
        limit: 50,
        ...(cursor ? { cursor } : {}),
      });
      if (!pagination.cursor) break;
      cursor = pagination.cursor;
    }
    if (cursor) result.push({ connection, cursor });
  }
  return result;
}
const cursors = await deepCursors(20);
if (cursors.length === 0) throw new Error('the seeded connections have no history to page');

let seq = 0;
function pick(): Picks {
  seq += 1;
  return {
    connection: sampleIds[seq % sampleIds.length]!,
    deepCursor: cursors[seq % cursors.length]!,
  };
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET /health-checks/summary',
    targetP95: 50,
    path: () => '/api/v1/health-checks/summary',
    direct: (d, t) => healthSummary(d, t, 100, now()),
  },
  {
    name: 'GET /connections?limit=50',
    targetP95: 15,
    path: () => '/api/v1/connections?limit=50',
    direct: (d, t) => listConnections(d, t, { limit: 50 }, now()),
  },
  {
    name: 'history page 1 (limit 50)',
    targetP95: 10,
    path: (p) => `/api/v1/connections/${p.connection}/health-checks?limit=50`,
    direct: async (d, t, p) => {
      const row = await getConnectionRow(d, t, p.connection);
      return listHealthChecks(d, t, row.id, { limit: 50 });
    },
  },
  {
    name: 'history page ~6 days deep (cursor)',
    targetP95: 10,
    path: (p) =>
      `/api/v1/connections/${p.deepCursor.connection}/health-checks?limit=50&cursor=${p.deepCursor.cursor}`,
    direct: async (d, t, p) => {
      const row = await getConnectionRow(d, t, p.deepCursor.connection);
      return listHealthChecks(d, t, row.id, { limit: 50, cursor: p.deepCursor.cursor });
    },
  },
  {
    name: '…/health-checks/latest',
    targetP95: 5,
    path: (p) => `/api/v1/connections/${p.connection}/health-checks/latest`,
    direct: async (d, t, p) => {
      const row = await getConnectionRow(d, t, p.connection);
      return latestHealthCheck(d, t, row.id);
    },
  },
  {
    name: 'uptime 7d',
    targetP95: 10,
    path: (p) => `/api/v1/connections/${p.connection}/uptime?window=7d`,
    direct: async (d, t, p) => {
      const row = await getConnectionRow(d, t, p.connection);
      return connectionUptime(d, t, row.id, '7d', now());
    },
  },
  {
    name: 'uptime 30d',
    targetP95: 10,
    path: (p) => `/api/v1/connections/${p.connection}/uptime?window=30d`,
    direct: async (d, t, p) => {
      const row = await getConnectionRow(d, t, p.connection);
      return connectionUptime(d, t, row.id, '30d', now());
    },
  },
  {
    name: 'latency 7d hourly',
    targetP95: 15,
    path: (p) => `/api/v1/connections/${p.connection}/latency?bucket=hour&window=7d`,
    direct: async (d, t, p) => {
      const row = await getConnectionRow(d, t, p.connection);
      return connectionLatency(d, t, row.id, 'hour', '7d', now());
    },
  },
];

// ---------------------------------------------------------------- processes

const children: ChildProcess[] = [];
function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('exit', cleanup);
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

async function startUpstream(): Promise<string[]> {
  const upstream = await startMockUpstream(UPSTREAM_HOSTS, UPSTREAM_LATENCY_MS);
  children.push(upstream.child);
  return upstream.urls;
}

const cronSecret = randomBytes(24).toString('base64url');
async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(new URL('./api-server.ts', import.meta.url).pathname, [], {
    // The workspace packages resolve to their sources (as the bench:* scripts run them).
    execArgv: ['--conditions=@waygate/source', '--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(state.database),
      WAYGATE_ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY.toString('base64'),
      HOST: '127.0.0.1',
      PORT: '0',
      CRON_SECRET: cronSecret,
      WAYGATE_OUTBOUND_ALLOW: '127.0.0.0/8',
      WAYGATE_CRON_BUDGET_MS: '600000',
      WAYGATE_SCHEDULER: 'off',
      LOG_LEVEL: 'warn',
    },
  });
  children.push(child);
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: JSON.parse(line.toString().split('\n')[0]!).url, child };
}

function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m: { cpu: NodeJS.CpuUsage }) =>
      resolve((m.cpu.user + m.cpu.system) / 1000),
    );
    child.send('cpu');
  });
}

/** CPU ms of every PostgreSQL process on this machine (other sessions' work included). */
function postgresCpuMs(): number {
  const tick = 10; // USER_HZ = 100 on Linux
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!comm.startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime + stime + cutime + cstime: a backend that exits hands its time to the postmaster.
      total +=
        (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * tick;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

// ---------------------------------------------------------------- drivers

function drive(
  baseUrl: string,
  endpoint: Endpoint,
  options: { connections: number; seconds: number; ratePerClient?: number },
): { done: Promise<Sample>; stop: () => void } {
  const latencies: number[] = [];
  let settle!: (sample: Sample) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<Sample>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: baseUrl,
      connections: options.connections,
      duration: options.seconds,
      timeout: 10,
      // autocannon's per-connection rate is a whole number: below 1 request/s per client the
      // same total is set as the instance's overall rate instead.
      ...(options.ratePerClient && options.ratePerClient >= 1
        ? { connectionRate: options.ratePerClient }
        : options.ratePerClient
          ? { overallRate: Math.max(1, Math.round(options.ratePerClient * options.connections)) }
          : {}),
      headers: { authorization: `Bearer ${apiKey}` },
      requests: [
        { method: 'GET', setupRequest: (req) => ({ ...req, path: endpoint.path(pick()) }) },
      ],
    },
    (error, result) => {
      if (error) return fail(error);
      settle({
        latencies,
        requests: result.requests.total,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        seconds: result.duration,
      });
    },
  );
  // autocannon emits (client, statusCode, bytes, ms); its type declaration omits the client.
  (instance as unknown as NodeJS.EventEmitter).on(
    'response',
    (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms),
  );
  return { done, stop: () => (instance as unknown as { stop(): void }).stop() };
}

async function direct(endpoint: Endpoint, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  let errors = 0;
  while (performance.now() < until) {
    const started = performance.now();
    try {
      await endpoint.direct(db, tenant, pick());
    } catch {
      errors += 1;
    }
    latencies.push(performance.now() - started);
  }
  return { latencies, requests: latencies.length, errors, non2xx: 0, seconds };
}

async function sweep(baseUrl: string): Promise<{ durationMs: number; checked: number }> {
  await db.query(
    `UPDATE connections SET next_check_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
            last_manual_check_at = NULL WHERE tenant_id = $1`,
    [tenant],
  );
  const response = await fetch(`${baseUrl}/api/v1/internal/health-checks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cronSecret}` },
  });
  const body = (await response.json()) as { data: { durationMs: number; checked: number } };
  if (!response.ok) throw new Error(`sweep failed: ${response.status} ${JSON.stringify(body)}`);
  return body.data;
}

// ---------------------------------------------------------------- run

const upstreamUrls = await startUpstream();
// The seed's placeholder base URLs → the mock upstream's loopback hosts (same count).
await db.query(
  `UPDATE integrations i SET base_url = u.url
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM integrations WHERE tenant_id = $1) o
     JOIN unnest($2::text[]) WITH ORDINALITY AS u(url, n)
       ON u.n = 1 + (o.n - 1) % array_length($2::text[], 1)
    WHERE i.id = o.id`,
  [tenant, upstreamUrls],
);
const server = await startServer();
const base = server.url;
console.error(
  `server ${base} on database ${state.database}; mock upstream ${upstreamUrls.length} hosts`,
);

const singleRows: string[] = [];
const figures: FigureRow[] = [];
let allSingleMet = true;
for (const endpoint of values['skip-single'] ? [] : ENDPOINTS) {
  await drive(base, endpoint, { connections: 1, seconds: 1 }).done; // warm-up
  const cpuBefore = await serverCpu(server.child);
  const http = await drive(base, endpoint, { connections: 1, seconds: DURATION_S }).done;
  const cpuMs = (await serverCpu(server.child)) - cpuBefore;
  const inProcess = await direct(endpoint, Math.min(DURATION_S, 3));
  const p95 = percentile(http.latencies, 0.95);
  const met = p95 <= endpoint.targetP95 && http.errors === 0 && http.non2xx === 0;
  allSingleMet &&= met;
  singleRows.push(
    `| ${endpoint.name} | ${fmt(percentile(http.latencies, 0.5), 2)} | ${fmt(p95, 2)} | ${fmt(percentile(http.latencies, 0.99), 2)} | ${fmt(http.requests / http.seconds)} | ${fmt(cpuMs / Math.max(1, http.requests), 2)} | ${fmt(percentile(inProcess.latencies, 0.5), 2)} / ${fmt(percentile(inProcess.latencies, 0.95), 2)} | p95 ≤ ${endpoint.targetP95} ms | ${met ? 'met' : 'NOT met'}${http.errors + http.non2xx ? ` (${http.errors + http.non2xx} errors)` : ''} |`,
  );
  console.error(`  ${endpoint.name}: p95 ${fmt(p95, 2)} ms`);
}

console.log(
  `\nbench:api — ${fmt(state.connections)} connections, database ${state.database} — ${MACHINE} — ${new Date().toISOString()}`,
);
console.log(
  `\nSingle client, warm cache, ${DURATION_S} s per endpoint over HTTP (autocannon, 1 connection); in-process = the same service functions called directly (no HTTP, no auth).\n`,
);
console.log(
  '| endpoint | p50 ms | p95 ms | p99 ms | req/s | server CPU ms/req | in-process p50 / p95 ms | target | met |',
);
console.log('| --- | --: | --: | --: | --: | --: | --: | --- | --- |');
for (const row of singleRows) console.log(row);

if (!values['skip-load']) {
  const sweeperProcess = values['sweep-replica'] ? await startServer() : server;
  const sweeper = sweeperProcess.url;
  // Unloaded sweep first: the reference for "the sweep still finishes within 1.5×".
  const cpu0 = await serverCpu(sweeperProcess.child);
  const pg0 = postgresCpuMs();
  const unloaded = await sweep(sweeper);
  const serverCpuPerCheck = ((await serverCpu(sweeperProcess.child)) - cpu0) / unloaded.checked;
  const pgCpuPerCheck = (postgresCpuMs() - pg0) / unloaded.checked;
  console.error(`  unloaded sweep: ${unloaded.checked} checks in ${unloaded.durationMs} ms`);
  await sleep(1000);

  const perEndpoint = Math.max(1, Math.floor(LOAD_CLIENTS / ENDPOINTS.length));
  const runs = ENDPOINTS.map((endpoint) =>
    drive(base, endpoint, {
      connections: perEndpoint,
      seconds: LOAD_S,
      ratePerClient: CLIENT_RATE,
    }),
  );
  await sleep(5_000);
  const loaded = await sweep(sweeper).catch((error: unknown) => {
    for (const run of runs) run.stop();
    throw error;
  });
  console.error(`  sweep under load: ${loaded.checked} checks in ${loaded.durationMs} ms`);
  const samples = await Promise.all(runs.map((r) => r.done));
  const errors = samples.reduce((n, s) => n + s.errors + s.non2xx, 0);
  const totalRequests = samples.reduce((n, s) => n + s.requests, 0);
  const summaryP99 = percentile(samples[0]!.latencies, 0.99);
  const ratio = loaded.durationMs / unloaded.durationMs;

  console.log(
    `\nUnder load: ${perEndpoint * ENDPOINTS.length} concurrent clients (${perEndpoint} per endpoint) for ${LOAD_S} s, ${CLIENT_RATE > 0 ? `each sending ${CLIENT_RATE} request/s` : 'closed loop (each sends its next request when the answer arrives)'}, a sweep of ${fmt(loaded.checked)} connections ${values['sweep-replica'] ? 'in a second server process (replica)' : 'in the same server process'} (mock upstream ${UPSTREAM_LATENCY_MS} ms, ${UPSTREAM_HOSTS} loopback hosts) started 5 s in.\n`,
  );
  console.log('| endpoint | p50 ms | p95 ms | p99 ms | req/s |');
  console.log('| --- | --: | --: | --: | --: |');
  ENDPOINTS.forEach((endpoint, i) => {
    const s = samples[i]!;
    console.log(
      `| ${endpoint.name} | ${fmt(percentile(s.latencies, 0.5), 1)} | ${fmt(percentile(s.latencies, 0.95), 1)} | ${fmt(percentile(s.latencies, 0.99), 1)} | ${fmt(s.requests / s.seconds)} |`,
    );
  });
  figures.push(
    {
      figure: 'errors under load (non-2xx + socket errors + timeouts)',
      value: `${fmt(errors)} of ${fmt(totalRequests)}`,
      target: '0',
      met: errors === 0,
    },
    {
      figure: 'summary p99 under load',
      value: `${fmt(summaryP99, 1)} ms`,
      target: '≤ 250 ms',
      met: summaryP99 <= 250,
    },
    {
      figure: 'total API throughput under load',
      value: `${fmt(totalRequests / LOAD_S)} req/s`,
      target: '',
      met: null,
    },
    {
      figure: 'sweep unloaded',
      value: `${fmt(unloaded.durationMs)} ms (${fmt(unloaded.checked)} checks)`,
      target: '',
      met: null,
    },
    {
      figure: 'sweep under load',
      value: `${fmt(loaded.durationMs)} ms (${fmt(loaded.checked)} checks)`,
      target: '',
      met: null,
    },
    {
      figure: 'sweep time loaded ÷ unloaded',
      value: fmt(ratio, 2),
      target: '≤ 1.5',
      met: ratio <= 1.5,
    },
    {
      figure: 'CPU per check, server process (unloaded sweep)',
      value: `${fmt(serverCpuPerCheck, 3)} ms`,
      target: '',
      met: null,
    },
    {
      figure: 'CPU per check, PostgreSQL processes (unloaded sweep; whole machine)',
      value: `${fmt(pgCpuPerCheck, 3)} ms`,
      target: '',
      met: null,
    },
  );
  printTable('Load test', figures);
}

console.log(
  `\nsingle-client targets: ${values['skip-single'] ? 'skipped' : allSingleMet ? 'all met' : 'NOT all met'}${figures.length ? `; load targets: ${figures.every((f) => f.met !== false) ? 'all met' : 'NOT all met'}` : ''}`,
);

// The key was made for this run only.
await db.query('DELETE FROM api_keys WHERE key_hash = $1', [hashApiKey(apiKey)]);
server.child.kill('SIGTERM');
await once(server.child, 'exit');
cleanup();
await db.close();
