import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealthClient, NetworkError, TimeoutError } from '../src/index';

// ky 2.1 declares Node >= 22; these run it on this Node with the real global fetch (undici)
// and real sockets, for the failures the reference server cannot be asked to produce.
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.includes('/hang')) return; // never answers
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        success: true,
        data: {
          totalConnections: 0,
          healthy: 0,
          degraded: 0,
          unhealthy: 0,
          neverChecked: 0,
          lastCheckAt: null,
          uptimeLast24h: null,
          connections: [],
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe(`real fetch on Node ${process.versions.node}`, () => {
  it('round-trips a request', async () => {
    const client = createHealthClient({ baseUrl: origin, apiKey: 'wgk_k' });
    await expect(client.summary()).resolves.toMatchObject({ totalConnections: 0 });
  });

  it('reports a refused connection as NetworkError naming the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = createHealthClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: 'wgk_k',
      retry: 0,
    });
    const error = await client.summary().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('gives up on a server that accepts but never answers', async () => {
    const client = createHealthClient({
      baseUrl: `${origin}/hang`,
      apiKey: 'wgk_k',
      timeoutMs: 100,
    });
    await expect(client.summary()).rejects.toBeInstanceOf(TimeoutError);
  });
});
