/**
 * Does probing in worker threads keep `latencyMs` honest while the main thread is busy?
 *
 *   npx tsx --conditions=@waygate/source bench/probe-pool.ts [--probes 2000] [--in-flight 200] [--cpu-ms 0.6]
 *
 * A loopback server in a child process answers every request after 100 ms. The main thread keeps
 * `--in-flight` probes going and, for every result, spends `--cpu-ms` of CPU (what a sweep spends
 * per check on claims, JSON and database writes). Printed per WAYGATE_PROBE_WORKERS value:
 * recorded latency − 100 ms (p50, p95, max) and the wall time.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { parseAllowList } from '../src/outbound/allow-list';
import { createProbePool, probePoolInternals } from '../src/outbound/probe-pool';
import type { Prober } from '../src/outbound/prober';

const DELAY_MS = 100;
const { values } = parseArgs({
  options: {
    probes: { type: 'string', default: '2000' },
    'in-flight': { type: 'string', default: '200' },
    'cpu-ms': { type: 'string', default: '0.6' },
    workers: { type: 'string', default: '0,1,2' },
  },
});
const PROBES = Number(values.probes);
const IN_FLIGHT = Number(values['in-flight']);
const CPU_MS = Number(values['cpu-ms']);

const SERVER = `
const server = require('node:http').createServer((req, res) => setTimeout(() => res.end('ok'), ${DELAY_MS}));
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // stands in for the main thread's own work per check
  }
}

async function run(prober: Prober, url: string, probes: number): Promise<number[]> {
  const recorded: number[] = [];
  let started = 0;
  const lane = async () => {
    while (started < probes) {
      started += 1;
      const result = await prober.probe({ url, method: 'GET', headers: {} });
      if (!result.success) throw new Error(`probe failed: ${result.error?.message}`);
      recorded.push(result.latencyMs);
      spin(CPU_MS);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return recorded;
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  const url = `http://127.0.0.1:${port}/`;
  const rows = [];
  for (const workers of values.workers.split(',').map(Number)) {
    const prober = createProbePool({ allowList: parseAllowList('127.0.0.1'), workers });
    await probePoolInternals(prober)?.ready();
    await run(prober, url, IN_FLIGHT * 2); // warm-up: sockets, JIT
    const started = performance.now();
    const recorded = (await run(prober, url, PROBES)).sort((a, b) => a - b);
    const wall = performance.now() - started;
    const overDelay = recorded.map((value) => value - DELAY_MS);
    rows.push({
      WAYGATE_PROBE_WORKERS: workers,
      probes: recorded.length,
      'recorded−100 p50 (ms)': percentile(overDelay, 50),
      'recorded−100 p95 (ms)': percentile(overDelay, 95),
      'recorded−100 max (ms)': overDelay.at(-1),
      'wall (s)': (wall / 1000).toFixed(2),
    });
    await prober.close();
  }
  console.log(
    `${PROBES} probes, ${IN_FLIGHT} in flight, ${CPU_MS} ms of main-thread CPU per result, ` +
      `${availableParallelism()} cores, Node ${process.versions.node}`,
  );
  console.table(rows);
  child.kill();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
