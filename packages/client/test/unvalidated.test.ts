import { type LoopbackServer, startLoopbackServer } from '@waygate/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHealthClient,
  type HealthClient,
  type HealthClientOptions,
  NotFoundError,
  RateLimitedError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
} from '../src/index';
import { createHealthClient as createUnvalidatedHealthClient } from '../src/unvalidated';

// A real HTTP server on loopback that answers what the reference server never would: drifted
// shapes, error envelopes with 200, proxies' pages. Both entries face the same answers.
const KEY = 'wgk_live_LOOPBACK_7f3a9c';

const summary = {
  totalConnections: 2,
  healthy: 1,
  degraded: 0,
  unhealthy: 1,
  neverChecked: 0,
  inMaintenance: 0,
  lastCheckAt: null,
  uptimeLast24h: null,
  connections: [],
};

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

const send = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

const error = (status: number, code: string, message: string, details?: object) =>
  send(status, { success: false, error: { code, message, ...(details ? { details } : {}) } });

/** `METHOD /api/v1/...` → the answer; a path missing here hangs (for timeouts). */
const ROUTES: Record<string, Answer> = {
  'GET /api/v1/health-checks/summary': send(200, { success: true, data: summary }),
  // A shape this SDK version does not know: the documented difference between the entries.
  'GET /api/v1/connections/conn_drifted/uptime?window=24h': send(200, {
    success: true,
    data: { connectionId: 'conn_drifted', window: '24h', uptimePercent: 'ninety-nine' },
  }),
  // Envelope problems that both entries catch without zod.
  'GET /api/v1/health-events': send(200, { success: true, data: [] }),
  'GET /api/v1/connections/conn_error200': send(200, {
    success: false,
    error: { code: 'INTERNAL_ERROR', message: 'oops' },
  }),
  'GET /api/v1/connections/conn_html': send(200, '<html>maintenance</html>', {
    'content-type': 'text/html',
  }),
  'GET /api/v1/connections/conn_null': send(200, { success: true, data: null }),
  'GET /api/v1/reports/uptime?from=2026-01-01T00%3A00%3A00Z&to=2026-01-02T00%3A00%3A00Z&format=csv':
    send(200, '<html>login</html>', { 'content-type': 'text/html' }),
  // Error responses: mapped to the same classes, secrets scrubbed, Retry-After read.
  'GET /api/v1/connections/conn_gone': error(404, 'NOT_FOUND', 'Connection not found'),
  'GET /api/v1/integrations': error(401, 'UNAUTHORIZED', `Invalid API key ${KEY}`),
  'POST /api/v1/connections': error(400, 'VALIDATION_ERROR', 'Invalid body', {
    field: 'name',
    issues: [{ field: 'name', message: 'Required' }],
  }),
  'POST /api/v1/connections/conn_busy/health-checks': {
    ...error(429, 'RATE_LIMITED', 'Too many manual checks'),
    headers: { 'content-type': 'application/json', 'retry-after': '7' },
  },
  'GET /api/v1/connections/conn_proxy': send(502, '<h1>Bad gateway</h1>', {
    'content-type': 'text/html',
  }),
};

let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    const answer = ROUTES[`${request.method} ${request.url}`];
    if (!answer) return; // hangs
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  });
});

afterAll(async () => {
  await server?.close();
});

const ENTRIES: [string, (options: HealthClientOptions) => HealthClient][] = [
  ['validated (@waygate/health-client)', createHealthClient],
  ['unvalidated (@waygate/health-client/unvalidated)', createUnvalidatedHealthClient],
];

const clientOf = (create: (options: HealthClientOptions) => HealthClient) =>
  create({ baseUrl: server.origin, apiKey: KEY, retry: 0, timeoutMs: 200 });

const failure = (pending: Promise<unknown>) =>
  pending.then(
    () => expect.unreachable('the call resolved'),
    (e: unknown) => e,
  );

describe('the documented difference: a 2xx whose data this SDK does not know', () => {
  it('is a ResponseValidationError from the validating client', async () => {
    const e = await failure(clientOf(createHealthClient).uptime('conn_drifted'));
    expect(e).toBeInstanceOf(ResponseValidationError);
    expect((e as ResponseValidationError).issues.map((issue) => issue.path)).toContain(
      'data.uptimePercent',
    );
  });

  it('is returned as the server sent it by the unvalidated client', async () => {
    await expect(clientOf(createUnvalidatedHealthClient).uptime('conn_drifted')).resolves.toEqual({
      connectionId: 'conn_drifted',
      window: '24h',
      uptimePercent: 'ninety-nine',
    });
  });
});

describe.each(ENTRIES)('%s', (_name, create) => {
  const client = () => clientOf(create);

  it('returns the data of a well-formed response', async () => {
    await expect(client().summary()).resolves.toEqual(summary);
  });

  it('rejects a list without pagination (iterate could not page)', async () => {
    const e = await failure(client().events.list());
    expect(e).toBeInstanceOf(ResponseValidationError);
    expect((e as ResponseValidationError).issues[0]?.path).toBe('pagination');
  });

  it('rejects an error envelope answered with 200, a body that is not JSON, and missing data', async () => {
    for (const id of ['conn_error200', 'conn_html', 'conn_null']) {
      await expect(client().connections.get(id), id).rejects.toBeInstanceOf(
        ResponseValidationError,
      );
    }
  });

  it('rejects a CSV download answered with an HTML page', async () => {
    const e = await failure(
      client().reports.uptimeCsv({ from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }),
    );
    expect(e).toBeInstanceOf(ResponseValidationError);
  });

  it('maps error responses to the same classes, fields and codes', async () => {
    const gone = await failure(client().connections.get('conn_gone'));
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    const invalid = await failure(
      client().connections.create({ integrationId: 'int_1', name: '' }),
    );
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).field).toBe('name');
    expect((invalid as ValidationError).issues).toEqual([{ field: 'name', message: 'Required' }]);

    const limited = await failure(client().healthChecks.trigger('conn_busy'));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 7000 });

    const proxy = await failure(client().connections.get('conn_proxy'));
    expect(proxy).toBeInstanceOf(ServerError);
    expect(proxy).toMatchObject({ status: 502, code: 'INTERNAL_ERROR' });
  });

  it('scrubs the API key the server echoes back', async () => {
    const e = await failure(client().integrations.list());
    expect(e).toBeInstanceOf(UnauthorizedError);
    expect((e as Error).message).toBe('Invalid API key [REDACTED]');
  });

  it('times out a server that never answers', async () => {
    const e = await failure(client().connections.get('conn_hangs'));
    expect(e).toBeInstanceOf(TimeoutError);
  });
});
