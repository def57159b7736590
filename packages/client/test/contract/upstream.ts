import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  /** `http://127.0.0.1:<port>`: the base URL of the integrations under test. */
  origin: string;
  /** Requests received, as `METHOD /path`. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * The third-party API that health checks call: `GET /me` answers 200, `GET /broken` 500.
 * Loopback only; the test server is told to allow outbound calls to 127.0.0.1.
 */
export const startUpstream = async (): Promise<Upstream> => {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const ok = request.url?.startsWith('/me');
    response.writeHead(ok ? 200 : 500, { 'content-type': 'application/json' });
    response.end(JSON.stringify(ok ? { id: 'U1' } : { error: 'down' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
