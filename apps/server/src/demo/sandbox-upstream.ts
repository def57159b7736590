import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The demo's upstream API: one loopback HTTP server whose endpoints behave the ways real APIs
 * fail, so a demo tenant shows every health state within a minute without touching the internet.
 *
 *   GET  …/me, …/ping     200 at once                      → healthy
 *   GET  …/slow           200 after `slowMs` (> 2 s)       → degraded (latency_high)
 *   GET  …/tickets        500                              → unhealthy (test_action_failed)
 *   GET  …/archive        no answer for `hangMs`           → unhealthy (TIMEOUT)
 *   GET  …/flaky          200, 503, 200, 503… per caller   → failing every other check
 *   GET  …/flap           200 at once, then after `slowMs`,
 *                         alternating per caller           → flapping (healthy ↔ degraded)
 *   POST …/notes          201 (a non-GET action for the selector)
 *
 * The first path segment names the fake vendor (`/acme/me`, `/globex/me`) and is ignored, so
 * each demo integration gets its own base URL. Every endpoint but `/healthz` wants some
 * credential (Authorization header, X-API-Key header or `api_key` query) and answers 401
 * without one, as a real API would.
 *
 * The demo's flapping connection uses `/flap`, not `/flaky`: with checks every minute, core's
 * status rule makes a connection unhealthy once it has 3 failures in the last hour, whatever the
 * check in between found, so a connection failing every other minute is unhealthy on every check
 * from the sixth on (steady, not flapping) and its "Flapping" label would go within ten
 * minutes. Slow answers fail nothing: `/flap` changes the status on every check for as long as
 * the demo runs.
 */
export interface SandboxUpstreamOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Delay of `/slow` and of every other `/flap` answer; above the 2000 ms degraded threshold by default. */
  slowMs?: number;
  /** How long `/archive` keeps a request open before giving up with 504 (unless the caller leaves first). */
  hangMs?: number;
}

export interface SandboxUpstream {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  host: string;
  port: number;
  /** Requests served so far per endpoint (`me`, `slow`, `tickets`…), for tests and the demo log. */
  hits: () => Record<string, number>;
  stop: () => Promise<void>;
}

export const DEFAULT_SLOW_MS = 2_600;
export const DEFAULT_HANG_MS = 60_000;

const json = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
};

const hasCredential = (req: IncomingMessage, url: URL) =>
  Boolean(req.headers.authorization || req.headers['x-api-key'] || url.searchParams.get('api_key'));

/** Who is calling, for the per-caller alternations: the credential, however it was sent. */
const callerOf = (req: IncomingMessage, url: URL) =>
  String(req.headers.authorization ?? req.headers['x-api-key'] ?? url.searchParams.get('api_key'));

export async function startSandboxUpstream(
  options: SandboxUpstreamOptions = {},
): Promise<SandboxUpstream> {
  const slowMs = options.slowMs ?? DEFAULT_SLOW_MS;
  const hangMs = options.hangMs ?? DEFAULT_HANG_MS;
  const hits: Record<string, number> = {};
  // Flapping alternates per caller (credential), so two connections flap independently.
  const flapCounters = new Map<string, number>();
  const pending = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      pending.delete(timer);
      fn();
    }, ms);
    pending.add(timer);
    return timer;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const segments = url.pathname.split('/').filter(Boolean);
    const endpoint = segments.length > 1 ? segments.slice(1).join('/') : (segments[0] ?? '');
    const method = req.method ?? 'GET';
    // Request bodies are irrelevant here; drain them so keep-alive sockets stay usable.
    req.resume();

    if (url.pathname === '/healthz') return json(res, 200, { ok: true });
    hits[endpoint] = (hits[endpoint] ?? 0) + 1;
    if (!hasCredential(req, url)) {
      return json(res, 401, { error: 'unauthorized', message: 'No credentials were sent' });
    }

    if (method === 'POST' && endpoint === 'notes') return json(res, 201, { id: 'note_1' });
    if (method !== 'GET' && method !== 'HEAD')
      return json(res, 405, { error: 'method_not_allowed' });

    switch (endpoint) {
      case 'me':
      case 'ping':
        return json(res, 200, { id: 'user_demo', name: 'Demo user' });
      case 'slow': {
        const timer = later(slowMs, () => json(res, 200, { report: 'ready' }));
        res.on('close', () => {
          clearTimeout(timer);
          pending.delete(timer);
        });
        return;
      }
      case 'tickets':
        return json(res, 500, { error: 'internal_error', message: 'Ticket database unavailable' });
      case 'archive': {
        const timer = later(hangMs, () => json(res, 504, { error: 'gateway_timeout' }));
        res.on('close', () => {
          clearTimeout(timer);
          pending.delete(timer);
        });
        return;
      }
      case 'flap': {
        const caller = `flap ${callerOf(req, url)}`;
        const count = flapCounters.get(caller) ?? 0;
        flapCounters.set(caller, count + 1);
        if (count % 2 === 0) return json(res, 200, { results: [] });
        const timer = later(slowMs, () => json(res, 200, { results: [] }));
        res.on('close', () => {
          clearTimeout(timer);
          pending.delete(timer);
        });
        return;
      }
      case 'flaky': {
        const caller = callerOf(req, url);
        const count = flapCounters.get(caller) ?? 0;
        flapCounters.set(caller, count + 1);
        return count % 2 === 0
          ? json(res, 200, { results: [] })
          : json(res, 503, { error: 'service_unavailable' });
      }
      default:
        return json(res, 404, { error: 'not_found' });
    }
  });
  // Never let a hanging endpoint keep a process alive on shutdown.
  server.keepAliveTimeout = 5_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    hits: () => ({ ...hits }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
