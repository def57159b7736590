import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { startLoopbackServer } from '@waygate/test-utils';

export interface UpstreamRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * A loopback API for the runner to call. Paths choose the behaviour:
 * /ok → 200, /slow?ms=N → 200 after N ms, /fail → 500, /unauthorized → 401,
 * /limited → 429 with Retry-After, /hostile-429 → 429 with Retry-After: 999999999 after 300 ms,
 * /hang → never answers, /redirect → 302 to /ok.
 * Every request is recorded so tests can count outbound calls.
 */
export async function startUpstream() {
  const hanging = new Set<ServerResponse>();
  const server = await startLoopbackServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    const path = url.pathname.replace(/^\/api/, '');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    switch (path) {
      case '/ok':
        return json(200, { ok: true, secretEcho: 'upstream bodies are never stored' });
      case '/slow':
        setTimeout(() => json(200, { ok: true }), Number(url.searchParams.get('ms') ?? '2500'));
        return;
      case '/fail':
        return json(500, { error: 'boom' });
      case '/unauthorized':
        return json(401, { error: 'invalid token' });
      case '/limited':
        return json(429, { error: 'slow down' }, { 'retry-after': '30' });
      case '/hostile-429':
        setTimeout(() => json(429, { error: 'go away' }, { 'retry-after': '999999999' }), 300);
        return;
      case '/hang':
        hanging.add(res);
        return;
      case '/redirect':
        res.writeHead(302, { location: '/ok' });
        return res.end();
      default:
        return json(404, { error: 'not found' });
    }
  });
  const requests: UpstreamRequest[] = server.requests;
  return {
    url: server.origin,
    requests,
    count: (pathPrefix?: string) =>
      requests.filter((r) => !pathPrefix || r.url.startsWith(pathPrefix)).length,
    reset: () => {
      requests.length = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      await server.close();
    },
  };
}
export type Upstream = Awaited<ReturnType<typeof startUpstream>>;
