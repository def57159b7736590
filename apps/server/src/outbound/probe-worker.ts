/**
 * A probe worker thread: one `createProber` of its own (own undici pools, own event loop), fed
 * by `probe-pool.ts` over the worker's message port. `latencyMs` is measured here, so a busy
 * main thread cannot inflate it. Started as `dist/probe-worker.js` from the build, or through
 * `probe-worker-source.mjs` when the server runs from source.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { parseAllowList } from './allow-list';
import { checkError } from './classify-error';
import { createProber, type ProbeRequest, type ProbeResult } from './prober';

/** What a worker is started with: the prober options in a form that crosses threads. */
export interface ProbeWorkerData {
  /** The `WAYGATE_OUTBOUND_ALLOW` text; parsed again in the worker. */
  allowList: string;
  timeoutMs?: number;
  maxRedirects?: number;
  connections?: number;
}

/** A probe request without its `AbortSignal` (aborts travel as their own message). */
export type WireProbeRequest = Omit<ProbeRequest, 'signal'>;

export type ToProbeWorker =
  | { type: 'probe'; id: number; request: WireProbeRequest }
  | { type: 'abort'; id: number }
  | { type: 'close' };

export type FromProbeWorker =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: ProbeResult }
  | { type: 'closed' };

function serve(port: MessagePort, data: ProbeWorkerData): void {
  const prober = createProber({
    allowList: parseAllowList(data.allowList),
    ...(data.timeoutMs === undefined ? {} : { timeoutMs: data.timeoutMs }),
    ...(data.maxRedirects === undefined ? {} : { maxRedirects: data.maxRedirects }),
    ...(data.connections === undefined ? {} : { connections: data.connections }),
  });
  const controllers = new Map<number, AbortController>();
  const inFlight = new Set<Promise<void>>();
  let closing = false;
  const send = (message: FromProbeWorker) => port.postMessage(message);

  port.on('message', (message: ToProbeWorker) => {
    switch (message.type) {
      case 'probe': {
        if (closing) {
          const result: ProbeResult = {
            success: false,
            latencyMs: 0,
            error: checkError('NETWORK_ERROR', 'request', 'prober closed'),
          };
          send({ type: 'result', id: message.id, result });
          return;
        }
        const controller = new AbortController();
        controllers.set(message.id, controller);
        const done = prober
          .probe({ ...message.request, signal: controller.signal })
          .then((result) => {
            controllers.delete(message.id);
            send({ type: 'result', id: message.id, result });
          });
        inFlight.add(done);
        void done.finally(() => inFlight.delete(done));
        return;
      }
      case 'abort':
        controllers.get(message.id)?.abort();
        return;
      case 'close':
        closing = true;
        // Lets the probes in flight finish (their results are posted before `closed`).
        void Promise.allSettled([...inFlight])
          .then(() => prober.close())
          .then(() => send({ type: 'closed' }));
        return;
    }
  });
  send({ type: 'ready' });
}

if (parentPort) serve(parentPort, workerData as ProbeWorkerData);
