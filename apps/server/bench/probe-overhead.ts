/**
 * How faithful is the prober's `latencyMs`, and what does one probe cost in CPU?
 *
 *   npx tsx bench/probe-overhead.ts            (from apps/server)
 *
 * A loopback server in a child process (so its CPU is not counted here) answers every request
 * after 100 ms and remembers how long it really held each one. We compare, per request:
 * recorded latencyMs − 100 ms (what the scheduler benchmark sees), and the client CPU time per
 * request against a bare undici request without the guard.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { parseAllowList } from '../src/outbound/allow-list';
import { createProber, type Prober } from '../src/outbound/prober';

const DELAY_MS = 100;
const SEQUENTIAL = 40;
const PARALLEL = 20;
const ROUNDS = 5;
const REPETITIONS = 3;

const SERVER = `
const http = require('node:http');
const held = [];
const server = http.createServer((req, res) => {
  if (req.url === '/stats') { res.end(JSON.stringify(held)); held.length = 0; return; }
  const start = process.hrtime.bigint();
  setTimeout(() => {
    res.end('ok');
    held.push(Number(process.hrtime.bigint() - start) / 1e6);
  }, ${DELAY_MS});
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface Row {
  scenario: string;
  requests: number;
  'recorded−100 p50 (ms)': string;
  'recorded−100 p95 (ms)': string;
  'recorded−held p95 (ms)': string;
  'CPU/request (µs)': string;
}

async function serverHeld(agent: Agent, origin: string): Promise<number[]> {
  const response = await agent.request({ origin, path: '/stats', method: 'GET' });
  return JSON.parse(await response.body.text()) as number[];
}

interface Sample {
  recorded: number[];
  held: number[];
  cpuMicros: number;
}

async function sample(
  statsAgent: Agent,
  origin: string,
  once: () => Promise<number>,
  parallel: number,
  rounds: number,
): Promise<Sample> {
  await serverHeld(statsAgent, origin); // reset the server's record
  const recorded: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < rounds; round += 1) {
    recorded.push(...(await Promise.all(Array.from({ length: parallel }, once))));
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { recorded, held: await serverHeld(statsAgent, origin), cpuMicros: cpu.user + cpu.system };
}

function row(scenario: string, samples: Sample[]): Row {
  const recorded = samples.flatMap((s) => s.recorded);
  // Pair each run's sorted recorded values with its sorted server-side hold times.
  const vsHeld = samples.flatMap((s) => {
    const held = [...s.held].sort((a, b) => a - b);
    return [...s.recorded].sort((a, b) => a - b).map((value, i) => value - (held[i] ?? NaN));
  });
  const diffs = recorded.map((value) => value - DELAY_MS);
  const cpu = samples.reduce((sum, s) => sum + s.cpuMicros, 0);
  return {
    scenario,
    requests: recorded.length,
    'recorded−100 p50 (ms)': percentile(diffs, 50).toFixed(2),
    'recorded−100 p95 (ms)': percentile(diffs, 95).toFixed(2),
    'recorded−held p95 (ms)': percentile(vsHeld, 95).toFixed(2),
    'CPU/request (µs)': (cpu / recorded.length).toFixed(0),
  };
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  const origin = `http://127.0.0.1:${port}`;
  const statsAgent = new Agent();
  const rawAgent = new Agent();
  const probers: Prober[] = [];
  const prober = (allow: string) => {
    const created = createProber({ allowList: parseAllowList(allow) });
    probers.push(created);
    return created;
  };
  const literal = prober('127.0.0.1');
  const named = prober('localhost');

  const raw = async () => {
    const started = performance.now();
    const response = await rawAgent.request({ origin, path: '/', method: 'GET' });
    const elapsed = performance.now() - started;
    await response.body.dump();
    return elapsed;
  };
  const probe = (target: Prober, url: string) => async () =>
    (await target.probe({ url, method: 'GET', headers: { 'user-agent': 'bench' } })).latencyMs;

  const scenarios: [string, () => Promise<number>][] = [
    ['bare undici (no guard)', raw],
    ['prober, literal 127.0.0.1', probe(literal, `${origin}/`)],
    ['prober, localhost via guarded lookup', probe(named, `http://localhost:${port}/`)],
  ];
  // Warm every path first so no scenario pays for JIT or pool set-up; then interleave the
  // scenarios over several repetitions so background load on a shared machine hits all alike.
  for (const [, once] of scenarios) for (let i = 0; i < 30; i += 1) await once();
  const rows: Row[] = [];
  for (const [label, parallel, rounds] of [
    ['sequential', 1, SEQUENTIAL],
    [`${PARALLEL} in parallel`, PARALLEL, ROUNDS],
  ] as const) {
    const samples = scenarios.map((): Sample[] => []);
    for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
      for (const [index, [, once]] of scenarios.entries()) {
        samples[index]?.push(await sample(statsAgent, origin, once, parallel, rounds));
      }
    }
    for (const [index, [name]] of scenarios.entries()) {
      rows.push(row(`${name}, ${label}`, samples[index] ?? []));
    }
  }
  console.table(rows);
  console.log(
    'recorded−100: what a consumer comparing to the true 100 ms sees (latencyMs is rounded to whole ms).\n' +
      'recorded−held: against the time the server really held each request (sorted pairing).',
  );
  await Promise.all([...probers.map((p) => p.close()), rawAgent.close(), statsAgent.close()]);
  child.kill();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
