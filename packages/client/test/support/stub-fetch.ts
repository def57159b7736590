import type { FetchLike } from '../../src/options';

export interface RecordedCall {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

type Reply = Response | Error | ((request: Request) => Response | Promise<Response>);

/**
 * A `fetch` that answers from a script, one reply per call (the last one repeats), and
 * records what the SDK sent. Only for what a real server cannot produce on demand.
 */
export const stubFetch = (...replies: Reply[]) => {
  const calls: RecordedCall[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    calls.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: request.body ? await request.clone().text() : '',
    });
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply === undefined) throw new Error('stubFetch: no reply scripted');
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(request);
    return reply.clone();
  };
  return { fetch, calls };
};

export const json = (body: unknown, init: ResponseInit = {}): Response =>
  new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });

export const apiError = (
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  details?: Record<string, unknown>,
): Response =>
  json(
    { success: false, error: { code, message, ...(details ? { details } : {}) } },
    { status, headers },
  );

/** What undici's fetch throws when the connection is refused. */
export const fetchFailed = (): TypeError =>
  Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
  });

/** A fetch that never answers until its signal aborts, like a hung server. */
export const hangingFetch = (): { fetch: FetchLike; calls: () => number } => {
  let count = 0;
  const fetch: FetchLike = (input, init) => {
    count += 1;
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    return new Promise((_, reject) => {
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return { fetch, calls: () => count };
};

export const healthCheck = {
  id: 'hc_1',
  connectionId: 'conn_1',
  tenantId: 'ten_1',
  status: 'healthy',
  checkType: 'manual',
  credentialStatus: 'active',
  testActionSuccess: true,
  testActionLatencyMs: 12,
  circuitBreakerStatus: 'closed',
  latencyMs: 15,
  createdAt: '2026-01-25T10:20:00Z',
} as const;

export const connection = {
  id: 'conn_1',
  integrationId: 'int_1',
  integrationName: 'Slack',
  name: 'Production Slack',
  status: 'active',
  credentialType: 'bearer',
  credentialStatus: 'active',
  healthStatus: 'healthy',
  healthReasons: [],
  circuitBreakerStatus: 'closed',
  consecutiveFailures: 0,
  createdAt: '2026-01-25T10:00:00Z',
  updatedAt: '2026-01-25T10:00:00Z',
} as const;

export const page = (data: unknown[], cursor: string | null = null) => ({
  success: true,
  data,
  pagination: { hasMore: cursor !== null, cursor },
});

export const summary = {
  totalConnections: 1,
  healthy: 1,
  degraded: 0,
  unhealthy: 0,
  neverChecked: 0,
  lastCheckAt: '2026-01-25T10:15:00Z',
  uptimeLast24h: 100,
  connections: [],
} as const;
