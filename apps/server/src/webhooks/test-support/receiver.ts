import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export type ReceiverBehaviour = number | 'hang';

/**
 * A loopback webhook receiver. Each request takes the next queued behaviour (an HTTP status, or
 * `hang`: never answer); when the queue is empty it answers `fallback` (200).
 */
export async function startReceiver(fallback: ReceiverBehaviour = 200) {
  const received: ReceivedWebhook[] = [];
  const queue: ReceiverBehaviour[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const behaviour = queue.shift() ?? fallback;
      if (behaviour === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(behaviour, { 'content-type': 'text/plain' });
      res.end(`answered ${behaviour}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** Behaviours for the next requests, in order. */
    respondWith(...behaviours: ReceiverBehaviour[]) {
      queue.push(...behaviours);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
