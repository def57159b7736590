import { startLoopbackServer } from '@waygate/test-utils';

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
  const server = await startLoopbackServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const ok = request.url?.startsWith('/me');
    response.writeHead(ok ? 200 : 500, { 'content-type': 'application/json' });
    response.end(JSON.stringify(ok ? { id: 'U1' } : { error: 'down' }));
  });
  return { origin: server.origin, requests, close: () => server.close() };
};
