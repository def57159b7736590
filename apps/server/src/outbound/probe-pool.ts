import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { allowListSource } from './allow-list';
import { checkError } from './classify-error';
import type {
  FromProbeWorker,
  ProbeWorkerData,
  ToProbeWorker,
  WireProbeRequest,
} from './probe-worker';
import {
  createProber,
  type ProbeRequest,
  type ProbeResult,
  type Prober,
  type ProberOptions,
} from './prober';

/** Where a probe worker's code is, and the Node flags it needs. */
export interface ProbeWorkerEntry {
  url: URL;
  /** Unset: the worker inherits the process's flags (Node's default). */
  execArgv?: string[];
}

/** `ProberOptions` plus the pool's own; `connections` applies to each worker's pools. */
export interface ProbePoolOptions extends ProberOptions {
  /** Worker threads to probe in; 0 probes on the calling thread (plain `createProber`). */
  workers: number;
  /** Told about every worker that fails (crashes, exits, cannot start); the pool carries on. */
  onWorkerError?: (error: Error) => void;
  /** The worker's code; default `probeWorkerEntry()`. Tests point it elsewhere. */
  workerEntry?: ProbeWorkerEntry;
}

/** What the tests look at. Not part of the `Prober` contract. */
export interface ProbePoolInternals {
  /** The live worker threads, one per slot. */
  workers(): Worker[];
  /** Probes each live worker has been sent and not yet answered. */
  inFlight(): number[];
  /** Probes each live worker has been sent in all. */
  dispatched(): number[];
  /** Resolves when every live worker has started its prober. */
  ready(): Promise<void>;
  /** True once the pool probes on the calling thread because workers could not start. */
  onMainThread(): boolean;
}

// A worker that has not answered `timeoutMs` after this much more is taken as stuck: the probe
// resolves with a failure (the worker keeps counting it in flight, so it gets no new work).
const ANSWER_GRACE_MS = 5_000;
// Workers failing to start this many times in a row (none started in between): stop replacing
// them and probe on the calling thread instead, e.g. when a re-bundled deployment lost the file.
const MAX_START_FAILURES = 3;

const internalsByPool = new WeakMap<Prober, ProbePoolInternals>();

/** The pool's internals when `prober` is a worker pool; undefined otherwise. For tests. */
export function probePoolInternals(prober: Prober): ProbePoolInternals | undefined {
  return internalsByPool.get(prober);
}

/**
 * The worker code for the way this module was loaded. From the build (`dist/*.js`) it is
 * `dist/probe-worker.js` (a tsup entry), started with the process's own flags. From source
 * (vitest, `tsx --conditions=@waygate/source`, where this file is `.ts`) it is `probe-worker-source.mjs`,
 * which registers tsx in the worker (Node 20 cannot load .ts there, and tsx does not hook worker
 * threads on Node 20) and imports `probe-worker.ts`; workspace packages resolve to their
 * sources as on the main thread.
 */
export function probeWorkerEntry(moduleUrl: string = import.meta.url): ProbeWorkerEntry {
  const here = new URL(moduleUrl);
  if (here.pathname.endsWith('.ts')) {
    // Only this flag: an explicit execArgv must hold per-thread options only (Node refuses e.g.
    // --max-old-space-size there), and tsx's own --require/--import do nothing in a worker.
    return {
      url: new URL('./probe-worker-source.mjs', here),
      execArgv: ['--conditions=@waygate/source'],
    };
  }
  return { url: new URL('./probe-worker.js', here) };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'request';
  } catch {
    return 'request';
  }
}

function failure(host: string, detail: string, started: number): ProbeResult {
  return {
    success: false,
    latencyMs: Math.max(0, Math.round(performance.now() - started)),
    error: checkError('NETWORK_ERROR', host, detail),
  };
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Ids sent to this worker and not answered by it. */
  inFlight: Set<number>;
  dispatched: number;
  lastError?: Error;
  exited: Promise<void>;
  onClosed?: () => void;
}

/**
 * A `Prober` that sends each probe to one of `workers` worker threads, each with its own
 * `createProber` (own keep-alive pools, own event loop), so the recorded `latencyMs` is taken on
 * a thread that only probes: a main thread busy with claims, JSON and database writes can delay
 * when a result is *handled*, not what it *says*.
 *
 * - `workers: 0`, a `resolveAll` hook (a function cannot cross threads) or an allow-list not made
 *   by `parseAllowList` (its text is what crosses): a plain `createProber` on this thread.
 * - Each probe goes to the worker with the fewest probes in flight; an abort on the request's
 *   signal is forwarded to the worker.
 * - A worker that crashes or exits resolves its pending probes with a `NETWORK_ERROR` result
 *   and is replaced; three failed starts in a row (e.g. a re-bundled deployment without
 *   `probe-worker.js`) switch the pool to the calling thread. `probe()` never throws and never
 *   waits forever: a worker that does not answer within the probe's timeout plus 5 s is given up
 *   on for that probe.
 * - `close()` lets every worker finish its probes in flight and close its prober, then
 *   terminates the workers.
 *
 * Idle workers do not keep the process alive; a worker with probes in flight does.
 */
export function createProbePool(options: ProbePoolOptions): Prober {
  const { workers, onWorkerError, workerEntry, ...proberOptions } = options;
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RangeError(`workers must be a whole number ≥ 0, got ${workers}`);
  }
  const allowListText = allowListSource(options.allowList);
  if (workers === 0 || options.resolveAll !== undefined || allowListText === undefined) {
    return createProber(proberOptions);
  }

  const entry = workerEntry ?? probeWorkerEntry();
  const data: ProbeWorkerData = {
    allowList: allowListText,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxRedirects === undefined ? {} : { maxRedirects: options.maxRedirects }),
    ...(options.connections === undefined ? {} : { connections: options.connections }),
  };
  const defaultTimeoutMs = options.timeoutMs ?? 10_000;
  const slots: Slot[] = [];
  // Probes sent to a worker and not resolved yet: `done` with the worker's result, or `fail`
  // with a NETWORK_ERROR decided here (worker gone, no answer).
  const pending = new Map<
    number,
    { done(result: ProbeResult): void; fail(detail: string): void }
  >();
  let nextId = 0;
  let cursor = 0;
  let startFailures = 0;
  let gaveUp = false;
  let mainThread: Prober | undefined;
  let closed = false;
  let closing: Promise<void> | undefined;

  const report = (error: Error) => {
    try {
      onWorkerError?.(error);
    } catch {
      // A failing listener must not take the pool down.
    }
  };

  // A worker is referenced only while it has work, so an idle pool does not hold the process.
  const updateRef = (slot: Slot) => {
    if (slot.inFlight.size > 0 || closed) slot.worker.ref();
    else slot.worker.unref();
  };

  function spawn(): void {
    let worker: Worker;
    try {
      worker = new Worker(entry.url, {
        workerData: data,
        ...(entry.execArgv === undefined ? {} : { execArgv: entry.execArgv }),
      });
    } catch (error) {
      startFailed(asError(error));
      return;
    }
    let exited!: () => void;
    const slot: Slot = {
      worker,
      ready: false,
      inFlight: new Set(),
      dispatched: 0,
      exited: new Promise((resolve) => {
        exited = resolve;
      }),
    };
    worker.on('message', (message: FromProbeWorker) => {
      if (message.type === 'ready') {
        slot.ready = true;
        startFailures = 0;
      } else if (message.type === 'result') {
        slot.inFlight.delete(message.id);
        updateRef(slot);
        pending.get(message.id)?.done(message.result);
      } else if (message.type === 'closed') {
        slot.onClosed?.();
      }
    });
    worker.on('error', (error) => {
      slot.lastError = error;
    });
    worker.on('messageerror', (error) => report(error));
    worker.on('exit', (code) => {
      exited();
      onExit(slot, code);
    });
    slots.push(slot);
    updateRef(slot);
  }

  function startFailed(error: Error): void {
    report(error);
    startFailures += 1;
    if (startFailures < MAX_START_FAILURES) {
      spawn();
    } else if (!gaveUp) {
      gaveUp = true;
      report(
        new Error(
          `probe workers failed to start ${MAX_START_FAILURES} times in a row: probing on the main thread (${error.message})`,
        ),
      );
    }
  }

  function onExit(slot: Slot, code: number): void {
    const index = slots.indexOf(slot);
    if (index !== -1) slots.splice(index, 1);
    const detail = closed ? 'prober closed' : `probe worker exited with code ${code}`;
    for (const id of slot.inFlight) pending.get(id)?.fail(detail);
    slot.inFlight.clear();
    if (closed) return;
    const error = slot.lastError ?? new Error(`probe worker exited with code ${code}`);
    if (slot.ready) {
      report(error);
      spawn();
    } else {
      startFailed(error);
    }
  }

  /** The live worker with the fewest probes in flight; ties go round the slots. */
  function pick(): Slot | undefined {
    let best: Slot | undefined;
    for (let step = 0; step < slots.length; step += 1) {
      const slot = slots[(cursor + step) % slots.length];
      if (slot && (best === undefined || slot.inFlight.size < best.inFlight.size)) best = slot;
    }
    cursor = slots.length === 0 ? 0 : (cursor + 1) % slots.length;
    return best;
  }

  function dispatch(slot: Slot, request: ProbeRequest, started: number): Promise<ProbeResult> {
    const id = ++nextId;
    const host = hostOf(request.url);
    const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
    return new Promise<ProbeResult>((resolve) => {
      const onAbort = () => {
        try {
          slot.worker.postMessage({ type: 'abort', id } satisfies ToProbeWorker);
        } catch {
          // The worker is gone: its exit resolves the probe.
        }
      };
      const settle = (result: ProbeResult) => {
        if (!pending.delete(id)) return;
        clearTimeout(deadline);
        request.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const fail = (detail: string) => settle(failure(host, detail, started));
      const deadline = setTimeout(
        () => fail('no answer from the probe worker'),
        timeoutMs + ANSWER_GRACE_MS,
      );
      deadline.unref();
      pending.set(id, { done: settle, fail });
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const wire: WireProbeRequest = {
        url: request.url,
        method: request.method,
        headers: request.headers,
        ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
      };
      try {
        slot.worker.postMessage({ type: 'probe', id, request: wire } satisfies ToProbeWorker);
      } catch (error) {
        // E.g. a header value that cannot be cloned.
        fail(`could not hand the request to a probe worker: ${asError(error).name}`);
        return;
      }
      slot.inFlight.add(id);
      slot.dispatched += 1;
      updateRef(slot);
    });
  }

  async function closeSlot(slot: Slot): Promise<void> {
    if (!slot.ready && slot.inFlight.size === 0) {
      // Still starting and never given work: nothing to finish.
      await slot.worker.terminate().catch(() => undefined);
      await slot.exited;
      return;
    }
    slot.worker.ref();
    const answered = new Promise<void>((resolve) => {
      slot.onClosed = resolve;
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, defaultTimeoutMs + ANSWER_GRACE_MS);
    });
    try {
      slot.worker.postMessage({ type: 'close' } satisfies ToProbeWorker);
    } catch {
      // Already gone.
    }
    await Promise.race([answered, slot.exited, waited]);
    clearTimeout(timer);
    await slot.worker.terminate().catch(() => undefined);
    await slot.exited;
  }

  for (let index = 0; index < workers; index += 1) spawn();

  const pool: Prober = {
    async probe(request) {
      const started = performance.now();
      if (request.signal?.aborted) return failure('request', 'cancelled', started);
      if (closed) return failure(hostOf(request.url), 'prober closed', started);
      const slot = pick();
      if (slot) return dispatch(slot, request, started);
      mainThread ??= createProber(proberOptions);
      return mainThread.probe(request);
    },
    close() {
      closing ??= (async () => {
        closed = true;
        await Promise.all([...slots].map(closeSlot));
        await mainThread?.close();
      })();
      return closing;
    },
  };

  internalsByPool.set(pool, {
    workers: () => slots.map((slot) => slot.worker),
    inFlight: () => slots.map((slot) => slot.inFlight.size),
    dispatched: () => slots.map((slot) => slot.dispatched),
    async ready() {
      const waiting = slots.filter((slot) => !slot.ready);
      // Held while waiting: an idle worker does not keep the process alive.
      for (const slot of waiting) slot.worker.ref();
      await Promise.all(
        waiting.map(
          (slot) =>
            new Promise<void>((resolve) => {
              const onMessage = (message: FromProbeWorker) => {
                if (message.type !== 'ready') return;
                slot.worker.off('message', onMessage);
                resolve();
              };
              slot.worker.on('message', onMessage);
              void slot.exited.then(() => resolve());
            }),
        ),
      );
      for (const slot of waiting) updateRef(slot);
    },
    onMainThread: () => slots.length === 0 && !closed,
  });
  return pool;
}
