import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** TCP connections accepted so far: the SSRF tests assert this stays 0. */
  connections: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  server: TestServer,
) => void;

/** An HTTP server on 127.0.0.1 (never another interface) that counts what reaches it. */
export async function startTestServer(handler: Handler): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const state: TestServer = {
    origin: '',
    port: 0,
    connections: 0,
    requests: [],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((request, response) => {
    state.requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
    });
    handler(request, response, state);
  });
  server.on('connection', (socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${state.port}`;
  return state;
}

/**
 * The upstream behaviours the prober must classify, by path:
 * `/ok`, `/slow/<ms>`, `/hang`, `/stall-body` (headers, then a body that never ends), `/status/<code>[?retry-after=…]`, `/redirect/<n>` (a chain of n
 * hops ending at /ok), `/redirect-to?location=<url>`, `/reset` (TCP reset), `/close` (socket
 * closed without a response). Every body carries `bodySecret` so tests can prove bodies are
 * never kept.
 */
export function upstreamHandler(bodySecret: string): Handler {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://upstream');
    const [, kind, argument] = url.pathname.split('/');
    const send = (status: number, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'text/plain', ...headers });
      response.end(`body with ${bodySecret}`);
    };
    switch (kind) {
      case 'ok':
        send(200);
        return;
      case 'slow':
        setTimeout(() => send(200), Number(argument));
        return;
      case 'hang':
        return;
      case 'stall-body':
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write(`partial ${bodySecret}`);
        return;
      case 'status': {
        const retryAfter = url.searchParams.get('retry-after');
        send(Number(argument), retryAfter === null ? {} : { 'retry-after': retryAfter });
        return;
      }
      case 'redirect': {
        const left = Number(argument);
        send(302, { location: left <= 1 ? `/ok?from=${bodySecret}` : `/redirect/${left - 1}` });
        return;
      }
      case 'redirect-to':
        send(Number(url.searchParams.get('status') ?? 302), {
          location: url.searchParams.get('location') ?? '/',
        });
        return;
      case 'reset':
        request.socket.resetAndDestroy();
        return;
      case 'close':
        request.socket.destroy();
        return;
      default:
        send(404);
    }
  };
}
