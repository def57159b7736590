import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type LoopbackServer, startLoopbackServer } from '@waygate/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AllowList, parseAllowList } from './allow-list';
import {
  createProbePool,
  type ProbePoolOptions,
  probePoolInternals,
  probeWorkerEntry,
} from './probe-pool';
import { createProber, type ProbeRequest, type ProbeResult, type Prober } from './prober';
import { upstreamHandler } from './test-support/upstream-handler';

/** Worker threads take seconds to start on a loaded 2-core machine: wait for them, not 1 s. */
const SLOW_MACHINE = { timeout: 20_000, interval: 50 };

// Worker threads have their own `net`, so `installLoopbackOnlyNetwork` cannot watch them: every
// URL here is a literal loopback address (or refused before any socket is opened).

const CANARY = 'canary-5b1e0a77-secret';
const serverRoot = fileURLToPath(new URL('../..', import.meta.url));

let server: LoopbackServer;
const opened: Prober[] = [];

beforeAll(async () => {
  server = await startLoopbackServer(upstreamHandler(CANARY));
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((prober) => prober.close()));
});

function pool(options: Partial<ProbePoolOptions> = {}): Prober {
  const created = createProbePool({
    allowList: parseAllowList('127.0.0.1'),
    workers: 2,
    ...options,
  });
  opened.push(created);
  return created;
}

function mainThreadProber(allow = '127.0.0.1', timeoutMs?: number): Prober {
  const created = createProber({
    allowList: parseAllowList(allow),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  opened.push(created);
  return created;
}

function internalsOf(prober: Prober) {
  const internals = probePoolInternals(prober);
  if (!internals) throw new Error('not a worker pool');
  return internals;
}

function get(path: string, extra: Partial<ProbeRequest> = {}): ProbeRequest {
  return { url: `${server.origin}${path}`, method: 'GET', headers: {}, ...extra };
}

function withoutLatency({ latencyMs, ...rest }: ProbeResult) {
  expect(Number.isInteger(latencyMs) && latencyMs >= 0).toBe(true);
  return rest;
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Holds the main thread, as a burst of claims, JSON and database writes would.
  }
}

describe('createProbePool: where it probes', () => {
  it('probes on the calling thread with workers: 0, a resolveAll hook or a hand-made allow-list', () => {
    const resolveAll = () => undefined;
    const handMade: AllowList = { allows: () => false };
    for (const options of [{ workers: 0 }, { resolveAll }, { allowList: handMade }]) {
      expect(probePoolInternals(pool(options))).toBeUndefined();
    }
    expect(probePoolInternals(pool({ workers: 3 }))?.workers()).toHaveLength(3);
    expect(() => createProbePool({ allowList: parseAllowList(''), workers: -1 })).toThrow(
      RangeError,
    );
  });

  it('starts the worker from source here, and from dist/probe-worker.js in the build', () => {
    const fromSource = probeWorkerEntry();
    expect(fromSource.url.pathname).toMatch(/\/src\/outbound\/probe-worker-source\.mjs$/);
    expect(existsSync(fromSource.url)).toBe(true);
    expect(fromSource.execArgv).toEqual(['--conditions=@waygate/source']);
    const fromBuild = probeWorkerEntry('file:///srv/app/dist/chunk-ABC123.js');
    expect(fromBuild).toEqual({ url: new URL('file:///srv/app/dist/probe-worker.js') });
  });

  it('runs from source under tsx, as the benches do (two workers, nothing on the main thread)', async () => {
    const tsx = `${serverRoot}node_modules/.bin/tsx`;
    const child = fileURLToPath(new URL('./test-support/probe-pool-child.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      tsx,
      ['--conditions=@waygate/source', child, `${server.origin}/ok`],
      { cwd: serverRoot, timeout: 50_000 },
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(report.onMainThread).toBe(false);
    expect(report.dispatched).toEqual([2, 2]);
    expect(report.threadIds).toHaveLength(2);
    expect(report.results).toEqual(
      Array(4).fill({ success: true, statusCode: 200, latencyMs: expect.any(Number) }),
    );
  }, 60_000);
});

describe('createProbePool: results equal the main-thread prober', () => {
  // One pool and one main-thread prober per allow-list for the whole table: a worker takes a
  // moment to start (undici loads in each).
  const pairs = new Map<string, { pooled: Prober; direct: Prober }>();
  beforeAll(() => {
    for (const allow of ['127.0.0.1', '']) {
      const pooled = createProbePool({ allowList: parseAllowList(allow), workers: 1 });
      pairs.set(allow, { pooled, direct: createProber({ allowList: parseAllowList(allow) }) });
    }
  });
  afterAll(async () => {
    for (const { pooled, direct } of pairs.values()) {
      await Promise.all([pooled.close(), direct.close()]);
    }
  });
  const pair = (allow: string) => pairs.get(allow) ?? expect.unreachable();

  it.each([
    ['200', '127.0.0.1', () => get('/ok')],
    ['500', '127.0.0.1', () => get('/status/500')],
    ['429 with Retry-After', '127.0.0.1', () => get('/status/429?retry-after=120')],
    ['a redirect chain', '127.0.0.1', () => get('/redirect/2')],
    ['a timeout', '127.0.0.1', () => get('/hang', { timeoutMs: 200 })],
    ['a reset', '127.0.0.1', () => get('/reset')],
    ['an invalid URL', '127.0.0.1', () => ({ url: 'not a url', method: 'GET', headers: {} })],
    ['SSRF: loopback not allowed', '', () => get('/ok')],
    [
      'SSRF: numeric loopback spelling',
      '',
      () => ({ url: 'http://0x7f000001:1/', method: 'GET', headers: {} }),
    ],
    [
      'SSRF: redirect to 0.0.0.0',
      '127.0.0.1',
      () => get(`/redirect-to?location=${encodeURIComponent('http://0.0.0.0:1/')}`),
    ],
  ] satisfies [string, string, () => ProbeRequest][])('%s', async (_name, allow, makeRequest) => {
    const request = makeRequest();
    const { pooled, direct } = pair(allow);
    const [sent = 0] = internalsOf(pooled).dispatched();
    const [fromPool, fromMain] = await Promise.all([pooled.probe(request), direct.probe(request)]);
    expect(withoutLatency(fromPool)).toEqual(withoutLatency(fromMain));
    expect(JSON.stringify(fromPool)).not.toContain(CANARY);
    // It really went through the worker.
    expect(internalsOf(pooled).dispatched()).toEqual([sent + 1]);
  });

  it('sends nothing to a refused destination', async () => {
    const before = server.connections;
    const result = await pair('').pooled.probe(get('/ok'));
    expect(result.error?.code).toBe('SSRF_BLOCKED');
    expect(server.connections).toBe(before);
  });

  it('measures latency (a 150 ms upstream is not recorded as faster)', async () => {
    const result = await pair('127.0.0.1').pooled.probe(get('/slow/150'));
    expect(result).toMatchObject({ success: true, statusCode: 200 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(149);
  });
});

describe('createProbePool: dispatch, abort, close', () => {
  it('spreads concurrent probes over the workers, the least busy first', async () => {
    const pooled = pool({ workers: 4 });
    const before = server.requests.length;
    const results = await Promise.all(
      Array.from({ length: 40 }, () => pooled.probe(get('/slow/100'))),
    );
    expect(results.every((result) => result.success)).toBe(true);
    expect(server.requests.length - before).toBe(40);
    expect(internalsOf(pooled).dispatched()).toEqual([10, 10, 10, 10]);
    expect(internalsOf(pooled).inFlight()).toEqual([0, 0, 0, 0]);
    const threads = new Set(
      internalsOf(pooled)
        .workers()
        .map((worker) => worker.threadId),
    );
    expect(threads.size).toBe(4);
  });

  it('forwards an abort to the worker, which cuts the request', async () => {
    const pooled = pool({ workers: 1, timeoutMs: 20_000 });
    const direct = mainThreadProber('127.0.0.1', 20_000);
    const outcomes = await Promise.all(
      [pooled, direct].map(async (prober) => {
        const controller = new AbortController();
        const pending = prober.probe(get('/hang', { signal: controller.signal }));
        setTimeout(() => controller.abort(), 100);
        return pending;
      }),
    );
    const [fromPool, fromMain] = outcomes as [ProbeResult, ProbeResult];
    expect(fromPool).toMatchObject({ success: false, error: { code: 'NETWORK_ERROR' } });
    expect(fromPool.error?.message).toContain('cancelled');
    expect(fromPool.latencyMs).toBeLessThan(10_000);
    expect(withoutLatency(fromPool)).toEqual(withoutLatency(fromMain));
    expect(internalsOf(pooled).inFlight()).toEqual([0]);

    // Already aborted: answered at once, never sent.
    const aborted = AbortSignal.abort();
    const before = server.requests.length;
    const early = await pooled.probe(get('/ok', { signal: aborted }));
    expect(withoutLatency(early)).toEqual(
      withoutLatency(await direct.probe(get('/ok', { signal: aborted }))),
    );
    expect(server.requests.length).toBe(before);
  });

  it('close() finishes the probes in flight, then no worker is left running', async () => {
    const pooled = pool({ workers: 2 });
    const internals = internalsOf(pooled);
    await internals.ready();
    const workers = internals.workers();
    expect(workers.every((worker) => worker.threadId > 0)).toBe(true);
    const inFlight = pooled.probe(get('/slow/200'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pooled.close();
    expect(await inFlight).toMatchObject({ success: true, statusCode: 200 });
    // Node sets threadId to -1 once a worker thread has stopped.
    expect(workers.map((worker) => worker.threadId)).toEqual([-1, -1]);
    expect(internals.workers()).toEqual([]);
    const after = await pooled.probe(get('/ok'));
    expect(after).toMatchObject({ success: false, error: { code: 'NETWORK_ERROR' } });
    expect(after.error?.message).toContain('closed');
    await pooled.close(); // a second close is harmless
  });
});

describe('createProbePool: failing workers', () => {
  it('resolves the probes of a terminated worker with a failure, replaces it, and carries on', async () => {
    const errors: Error[] = [];
    const pooled = pool({ onWorkerError: (error) => errors.push(error) });
    const internals = internalsOf(pooled);
    await internals.ready();
    const [first, second] = internals.workers();
    const hanging = Array.from({ length: 4 }, () =>
      pooled.probe(get('/hang', { timeoutMs: 3_000 })),
    );
    expect(internals.inFlight()).toEqual([2, 2]);
    await first?.terminate();
    // Two were on the terminated worker: they fail now, not at their timeout.
    const soon = await Promise.all(
      hanging.map((probe) => Promise.race([probe, delay(1_000, 'pending' as const)])),
    );
    const failedNow = soon.filter((value): value is ProbeResult => value !== 'pending');
    expect(failedNow).toHaveLength(2);
    for (const result of failedNow) {
      expect(result).toMatchObject({ success: false, error: { code: 'NETWORK_ERROR' } });
      expect(result.error?.message).toMatch(/probe worker exited/);
    }
    expect(errors.length).toBeGreaterThanOrEqual(1);
    // The other worker's probes were not disturbed; they end with their own timeout.
    for (const result of await Promise.all(hanging)) {
      expect(['NETWORK_ERROR', 'TIMEOUT']).toContain(result.error?.code);
    }
    // A replacement was started, and both workers answer again.
    await vi.waitFor(() => expect(internals.workers()).toHaveLength(2), SLOW_MACHINE);
    expect(internals.workers()).toContain(second);
    expect(internals.workers()).not.toContain(first);
    const later = await Promise.all(Array.from({ length: 4 }, () => pooled.probe(get('/ok'))));
    expect(later.every((result) => result.success)).toBe(true);
    expect(internals.onMainThread()).toBe(false);
  });

  it('survives a worker that throws (an uncaught exception ends its thread)', async () => {
    const errors: Error[] = [];
    const pooled = pool({ workers: 1, onWorkerError: (error) => errors.push(error) });
    const internals = internalsOf(pooled);
    await internals.ready();
    const [worker] = internals.workers();
    const pending = pooled.probe(get('/hang', { timeoutMs: 10_000 }));
    // A message the worker does not expect makes its handler throw.
    worker?.postMessage(null);
    const result = await pending;
    expect(result).toMatchObject({ success: false, error: { code: 'NETWORK_ERROR' } });
    expect(result.latencyMs).toBeLessThan(10_000);
    await vi.waitFor(
      () => expect(errors.some((error) => error instanceof TypeError)).toBe(true),
      SLOW_MACHINE,
    );
    expect(await pooled.probe(get('/ok'))).toMatchObject({ success: true, statusCode: 200 });
  });

  it('probes on the main thread when workers cannot start (e.g. a bundle without the file)', async () => {
    const errors: Error[] = [];
    const pooled = pool({
      workerEntry: { url: new URL('./no-such-probe-worker.mjs', import.meta.url) },
      onWorkerError: (error) => errors.push(error),
    });
    const early = await pooled.probe(get('/ok'));
    // Sent to a worker that never started: a failure, not a hang.
    expect(early.success || early.error?.code === 'NETWORK_ERROR').toBe(true);
    await vi.waitFor(() => expect(internalsOf(pooled).onMainThread()).toBe(true), SLOW_MACHINE);
    const gaveUp = errors.filter((error) =>
      /failed to start 3 times.*main thread/.test(error.message),
    );
    expect(gaveUp).toHaveLength(1);
    expect(await pooled.probe(get('/ok'))).toMatchObject({ success: true, statusCode: 200 });
  });
});

describe('createProbePool: latency is measured off the main thread', () => {
  // The upstream must not share the blocked thread, or it would answer late itself.
  let upstream: ChildProcess;
  let origin = '';
  beforeAll(async () => {
    upstream = spawn(
      process.execPath,
      [
        '-e',
        `require('node:http').createServer((q, s) => setTimeout(() => s.end('ok'), 50))
          .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const port = await new Promise<string>((resolve) =>
      upstream.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
    );
    origin = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    upstream.kill();
  });

  async function latencyWhileBusy(prober: Prober): Promise<number> {
    const request: ProbeRequest = { url: `${origin}/`, method: 'GET', headers: {} };
    for (let i = 0; i < 3; i += 1) expect((await prober.probe(request)).success).toBe(true);
    const pending = prober.probe(request);
    busyWait(300);
    const result = await pending;
    expect(result.success).toBe(true);
    return result.latencyMs;
  }

  it('a 300 ms busy main thread inflates the main-thread prober, not the pool', async () => {
    const pooled = pool({ workers: 1 });
    await internalsOf(pooled).ready();
    const withWorkers = await latencyWhileBusy(pooled);
    const onMainThread = await latencyWhileBusy(pool({ workers: 0 }));
    // The upstream answers in 50 ms.
    expect(withWorkers).toBeGreaterThanOrEqual(49);
    expect(withWorkers).toBeLessThan(200);
    expect(onMainThread).toBeGreaterThanOrEqual(250);
  });
});

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}
