import { startLoopbackServer } from '@waygate/test-utils';
import { describe, expect, it } from 'vitest';
import {
  connection,
  fetchFailed,
  hangingFetch,
  healthCheck,
  json,
  page,
  stubFetch,
} from '../test/support/stub-fetch';
import {
  NetworkError,
  NotFoundError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from './errors';
import { createHealthClient } from './index';

const KEY = 'wgk_test_transport_key_0123456789';

const clientWith = (fetch: ReturnType<typeof stubFetch>['fetch'], extra = {}) =>
  createHealthClient({
    baseUrl: 'https://health.example.com',
    apiKey: KEY,
    fetch,
    retry: { baseDelayMs: 1 },
    ...extra,
  });

describe('requests', () => {
  it('sends the key as a bearer token, asks for JSON and adds the /api/v1 prefix', async () => {
    const stub = stubFetch(json({ success: true, data: healthCheck }));
    await clientWith(stub.fetch, { headers: { 'x-trace-id': 't-1' } }).healthChecks.latest(
      'conn_1',
    );
    const [call] = stub.calls;
    expect(call?.url.href).toBe(
      'https://health.example.com/api/v1/connections/conn_1/health-checks/latest',
    );
    expect(call?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(call?.headers.get('accept')).toBe('application/json');
    expect(call?.headers.get('x-trace-id')).toBe('t-1');
  });

  it('keeps a base URL that already ends with /api/v1 and a path prefix before it', async () => {
    const stub = stubFetch(json(page([])));
    await clientWith(stub.fetch, { baseUrl: 'https://x.test/health/api/v1/' }).connections.list();
    expect(stub.calls[0]?.url.pathname).toBe('/health/api/v1/connections');
  });

  it('encodes path arguments so an id cannot walk to another route', async () => {
    const stub = stubFetch(json({ success: true, data: healthCheck }));
    await clientWith(stub.fetch).healthChecks.latest('../../health-checks/summary?x=1');
    expect(stub.calls[0]?.url.pathname).toBe(
      '/api/v1/connections/..%2F..%2Fhealth-checks%2Fsummary%3Fx%3D1/health-checks/latest',
    );
  });

  it('turns filters into a query string and leaves out the ones not given', async () => {
    const stub = stubFetch(json(page([healthCheck])));
    await clientWith(stub.fetch).healthChecks.list('conn_1', {
      limit: 5,
      status: 'healthy',
      from: '2026-01-25T00:00:00Z',
      checkType: undefined,
    });
    const params = Object.fromEntries(stub.calls[0]?.url.searchParams ?? []);
    expect(params).toEqual({ limit: '5', status: 'healthy', from: '2026-01-25T00:00:00Z' });
  });

  it('lets a per-call header through but never lets it replace the key', async () => {
    const stub = stubFetch(json({ success: true, data: healthCheck }));
    await clientWith(stub.fetch).healthChecks.latest('conn_1', {
      headers: { authorization: 'Bearer someone-else', 'x-extra': '1' },
    });
    expect(stub.calls[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(stub.calls[0]?.headers.get('x-extra')).toBe('1');
  });

  it('sends bodies as JSON', async () => {
    const stub = stubFetch(json({ success: true, data: connection }, { status: 201 }));
    await clientWith(stub.fetch).connections.create({
      integrationId: 'int_1',
      name: 'Production Slack',
      credentials: { type: 'bearer', token: 'xoxb-1' },
    });
    expect(stub.calls[0]?.method).toBe('POST');
    expect(stub.calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(stub.calls[0]?.body ?? '')).toMatchObject({ name: 'Production Slack' });
  });

  it('accepts a DELETE answered with 204 and no body', async () => {
    const stub = stubFetch(new Response(null, { status: 204 }));
    await expect(clientWith(stub.fetch).connections.delete('conn_1')).resolves.toBeUndefined();
    expect(stub.calls[0]?.method).toBe('DELETE');
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => createHealthClient({ baseUrl: 'ftp://x', apiKey: KEY })).toThrow(TypeError);
    expect(() => createHealthClient({ baseUrl: 'not a url', apiKey: KEY })).toThrow(/baseUrl/);
    expect(() => createHealthClient({ baseUrl: 'https://x.test', apiKey: '' })).toThrow(/apiKey/);
  });
});

describe('responses the schemas reject', () => {
  it('reports a 2xx body that is not JSON as ResponseValidationError', async () => {
    const stub = stubFetch(
      new Response('<html>maintenance</html>', {
        status: 200,
        headers: { 'content-type': 'text/html', 'x-request-id': 'req_html' },
      }),
    );
    const error = await clientWith(stub.fetch)
      .summary()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ status: 200, requestId: 'req_html' });
    expect((error as Error).message).toMatch(/not JSON/);
  });

  it('names the drifted field when the server sends a shape this SDK does not know', async () => {
    const drifted = { ...connection, healthStatus: 'on_fire' };
    const stub = stubFetch(json(page([connection, drifted])));
    const error = await clientWith(stub.fetch)
      .connections.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const issues = (error as ResponseValidationError).issues;
    expect(issues.map((issue) => issue.path)).toEqual(['data.1.healthStatus']);
    expect((error as Error).message).toContain('data.1.healthStatus');
  });

  it('rejects a success envelope missing its pagination', async () => {
    const stub = stubFetch(json({ success: true, data: [] }));
    const error = await clientWith(stub.fetch)
      .events.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]?.path).toBe('pagination');
  });

  it('keeps timestamps as the ISO strings the server sent', async () => {
    const stub = stubFetch(json({ success: true, data: healthCheck }));
    const check = await clientWith(stub.fetch).healthChecks.trigger('conn_1');
    expect(check.createdAt).toBe('2026-01-25T10:20:00Z');
  });
});

describe('network failures, timeouts and cancellation', () => {
  it('wraps a refused connection in NetworkError, keeping the cause', async () => {
    const stub = stubFetch(fetchFailed());
    const error = await clientWith(stub.fetch, { retry: 0 })
      .connections.get('conn_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).toContain('GET /api/v1/connections/conn_1');
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('treats a TypeError from an unknown runtime fetch as a network failure', async () => {
    const stub = stubFetch(new TypeError('Load failed somewhere exotic'));
    await expect(clientWith(stub.fetch, { retry: 0 }).summary()).rejects.toBeInstanceOf(
      NetworkError,
    );
  });

  it('throws TimeoutError when no response arrives in timeoutMs, and does not retry it', async () => {
    const hung = hangingFetch();
    const error = await createHealthClient({
      baseUrl: 'https://x.test',
      apiKey: KEY,
      fetch: hung.fetch,
      timeoutMs: 30,
    })
      .summary()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 30 });
    expect(hung.calls()).toBe(1);
  });

  it('throws TimeoutError when a body stalls after its headers; an error keeps its status class', async () => {
    // Headers at once, then a body that never ends: ky's own timeout stops at the headers.
    const server = await startLoopbackServer((request, response) => {
      response.writeHead(request.url?.includes('gone') ? 404 : 200, {
        'content-type': 'application/json',
      });
      response.write('{"success":');
    });
    try {
      const client = createHealthClient({
        baseUrl: server.origin,
        apiKey: KEY,
        retry: 0,
        timeoutMs: 400,
      });
      const error = await client.healthChecks.latest('conn_1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ timeoutMs: 400 });
      // An error's status says enough: its class, without the details the body never brought.
      const gone = await client.healthChecks.latest('conn_gone').catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(NotFoundError);
      expect(gone).toMatchObject({ status: 404, details: undefined });
    } finally {
      await server.close();
    }
  }, 5_000);

  it('lets a call override the client timeout', async () => {
    const hung = hangingFetch();
    const client = createHealthClient({
      baseUrl: 'https://x.test',
      apiKey: KEY,
      fetch: hung.fetch,
    });
    const error = await client.summary({}, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 20 });
  });

  it('rejects with the caller’s own abort reason', async () => {
    const hung = hangingFetch();
    const controller = new AbortController();
    const client = createHealthClient({
      baseUrl: 'https://x.test',
      apiKey: KEY,
      fetch: hung.fetch,
    });
    const pending = client.healthChecks.list('conn_1', {}, { signal: controller.signal });
    const reason = new Error('user left the page');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('does not start a call whose signal is already aborted', async () => {
    const stub = stubFetch(json({ success: true, data: healthCheck }));
    const signal = AbortSignal.abort();
    await expect(
      clientWith(stub.fetch).healthChecks.trigger('conn_1', { signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(stub.calls).toHaveLength(0);
  });

  it('maps a proxy’s HTML 502 to ServerError with a generic code', async () => {
    const stub = stubFetch(
      new Response('<h1>Bad gateway</h1>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      }),
    );
    const error = await clientWith(stub.fetch, { retry: 0 })
      .summary()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, code: 'INTERNAL_ERROR' });
  });
});
