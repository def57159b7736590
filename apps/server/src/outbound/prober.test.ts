import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoopbackServer, startLoopbackServer } from '@waygate/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from './allow-list';
import { buildTestRequest, USER_AGENT } from './build-test-request';
import type { ResolveAll } from './guarded-lookup';
import { createProber, type ProbeResult, type Prober } from './prober';
import { installLoopbackOnlyNetwork } from './test-support/loopback-only';
import { upstreamHandler } from './test-support/upstream-handler';

const CANARY = 'canary-9f2d7c1e-secret';

/** Resolves the `.test` names used here to loopback; anything else fails like real DNS. */
const fakeDns: ResolveAll = (hostname, _options, callback) => {
  if (hostname === 'api.allowed.test' || hostname === 'api.loopback.test') {
    callback(null, [{ address: '127.0.0.1', family: 4 }]);
  } else if (hostname === 'flaky.test') {
    const error: NodeJS.ErrnoException = new Error(`getaddrinfo EAI_AGAIN ${hostname}`);
    error.code = 'EAI_AGAIN';
    callback(error, []);
  } else {
    const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    error.code = 'ENOTFOUND';
    callback(error, []);
  }
};

let server: LoopbackServer;
let prober: Prober;
const network = installLoopbackOnlyNetwork();

beforeAll(async () => {
  server = await startLoopbackServer(upstreamHandler(CANARY));
});
afterAll(async () => {
  await server.close();
  network.uninstall();
});
afterEach(async () => {
  await prober?.close();
  // Nothing may ever leave loopback, whatever the guard decided.
  expect(network.attempts).toEqual([]);
});

function loopbackProber(options: { timeoutMs?: number; maxRedirects?: number } = {}): Prober {
  prober = createProber({
    allowList: parseAllowList('127.0.0.1'),
    resolveAll: fakeDns,
    ...options,
  });
  return prober;
}

function get(path: string, headers: Record<string, string> = {}, timeoutMs?: number) {
  return prober.probe({
    url: `${server.origin}${path}`,
    method: 'GET',
    headers,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

function expectNoCanary(result: ProbeResult) {
  expect(JSON.stringify(result)).not.toContain(CANARY);
}

describe('createProber: outcomes', () => {
  it('reports a 2xx as success with status and latency', async () => {
    loopbackProber();
    const result = await get('/ok');
    expect(result).toEqual({ success: true, statusCode: 200, latencyMs: expect.any(Number) });
    expect(Number.isInteger(result.latencyMs)).toBe(true);
  });

  it('measures latency around the request (a 150 ms upstream is not recorded as faster)', async () => {
    loopbackProber();
    const result = await get('/slow/150');
    expect(result.success).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(149);
  });

  it.each([
    [401, 'UNAUTHORIZED'],
    [403, 'UNAUTHORIZED'],
    [404, 'HTTP_4XX'],
    [422, 'HTTP_4XX'],
    [500, 'HTTP_5XX'],
    [503, 'HTTP_5XX'],
  ])('maps HTTP %i to %s', async (status, code) => {
    loopbackProber();
    const result = await get(`/status/${status}`);
    expect(result).toMatchObject({
      success: false,
      statusCode: status,
      error: { code, statusCode: status },
    });
    expect(result.error?.message).toContain(String(status));
    expect(result.retryAfterMs).toBeUndefined();
  });

  it('maps 429 to RATE_LIMITED with Retry-After in seconds', async () => {
    loopbackProber();
    const result = await get('/status/429?retry-after=120');
    expect(result).toMatchObject({
      success: false,
      statusCode: 429,
      retryAfterMs: 120_000,
      error: { code: 'RATE_LIMITED', statusCode: 429 },
    });
  });

  it('maps 429 with an HTTP-date Retry-After to the time left', async () => {
    loopbackProber();
    const at = new Date(Date.now() + 60_000).toUTCString();
    const result = await get(`/status/429?retry-after=${encodeURIComponent(at)}`);
    expect(result.error?.code).toBe('RATE_LIMITED');
    // HTTP dates have one-second resolution.
    expect(result.retryAfterMs).toBeGreaterThan(57_000);
    expect(result.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('records a hanging upstream as TIMEOUT', async () => {
    loopbackProber({ timeoutMs: 10_000 });
    const result = await get('/hang', {}, 200);
    expect(result).toMatchObject({ success: false, error: { code: 'TIMEOUT' } });
    expect(result.statusCode).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(199);
  });

  it('decides on the status line and does not wait for a body that never ends', async () => {
    loopbackProber();
    // With a one-minute timeout, waiting for the body would exceed the test's own time limit.
    const result = await get('/stall-body', {}, 60_000);
    expect(result).toMatchObject({ success: true, statusCode: 200 });
    expectNoCanary(result);
  });

  it('uses the prober-wide timeout when the request sets none', async () => {
    loopbackProber({ timeoutMs: 150 });
    const result = await get('/slow/2000');
    expect(result.error?.code).toBe('TIMEOUT');
  });

  it('records a TCP reset as CONNECTION_RESET, with exactly one request (no retry)', async () => {
    loopbackProber();
    const before = server.requests.length;
    const result = await get('/reset');
    expect(result).toMatchObject({ success: false, error: { code: 'CONNECTION_RESET' } });
    expect(server.requests.length - before).toBe(1);
  });

  it('records a socket closed without a response as CONNECTION_RESET, with no retry', async () => {
    loopbackProber();
    const before = server.requests.length;
    const result = await get('/close');
    expect(result.error?.code).toBe('CONNECTION_RESET');
    expect(server.requests.length - before).toBe(1);
  });

  it('records a closed port as CONNECTION_REFUSED', async () => {
    loopbackProber();
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await prober.probe({
      url: `http://127.0.0.1:${port}/`,
      method: 'GET',
      headers: {},
    });
    expect(result).toMatchObject({ success: false, error: { code: 'CONNECTION_REFUSED' } });
  });

  it('records unknown hosts and resolver failures as DNS_ERROR', async () => {
    loopbackProber();
    const missing = await prober.probe({ url: 'http://nowhere.test/', method: 'GET', headers: {} });
    expect(missing.error?.code).toBe('DNS_ERROR');
    const flaky = await prober.probe({ url: 'http://flaky.test/', method: 'GET', headers: {} });
    expect(flaky.error?.code).toBe('DNS_ERROR');
    expect(flaky.error?.message).toContain('EAI_AGAIN');
  });

  it('records a TLS handshake with a non-TLS server as TLS_ERROR', async () => {
    loopbackProber();
    const result = await prober.probe({
      url: `https://127.0.0.1:${server.port}/ok`,
      method: 'GET',
      headers: {},
    });
    expect(result.error?.code).toBe('TLS_ERROR');
  });

  it.each([
    ['not a url', 'not a url'],
    ['ftp scheme', 'ftp://127.0.0.1/file'],
    ['credentials in the URL', `http://user:${CANARY}@127.0.0.1:1/`],
  ])('refuses %s as INVALID_URL without sending anything', async (_label, url) => {
    loopbackProber();
    const before = server.connections;
    const result = await prober.probe({ url, method: 'GET', headers: {} });
    expect(result.error?.code).toBe('INVALID_URL');
    expectNoCanary(result);
    expect(server.connections).toBe(before);
  });

  it('reuses keep-alive connections across probes', async () => {
    loopbackProber();
    // undici's pool may open a second socket while the first is still connecting: warm up.
    await get('/ok');
    await get('/ok');
    const before = server.connections;
    for (let i = 0; i < 5; i += 1) expect((await get('/ok')).success).toBe(true);
    expect(server.connections).toBe(before);
  });

  it('resolves a cancelled probe instead of throwing', async () => {
    loopbackProber();
    const controller = new AbortController();
    const pending = prober.probe({
      url: `${server.origin}/hang`,
      method: 'GET',
      headers: {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const result = await pending;
    expect(result).toMatchObject({ success: false, error: { code: 'NETWORK_ERROR' } });
  });
});

describe('createProber: self-signed certificate', () => {
  let dir: string | undefined;
  let httpsPort = 0;
  let close: () => void = () => undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'waygate-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const tls = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_request, response) => response.end('ok'),
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    httpsPort = (tls.address() as AddressInfo).port;
    close = () => tls.close();
  });
  afterAll(() => {
    close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records an untrusted certificate as TLS_ERROR', async () => {
    loopbackProber();
    const result = await prober.probe({
      url: `https://127.0.0.1:${httpsPort}/`,
      method: 'GET',
      headers: {},
    });
    expect(result.error?.code).toBe('TLS_ERROR');
  });
});

describe('createProber: redirects', () => {
  it('follows up to 3 redirects to the final response', async () => {
    loopbackProber();
    const result = await get('/redirect/3');
    expect(result).toMatchObject({ success: true, statusCode: 200 });
  });

  it('refuses a chain of 4 as TOO_MANY_REDIRECTS without requesting the 5th URL', async () => {
    loopbackProber();
    const before = server.requests.length;
    const result = await get('/redirect/4');
    expect(result).toMatchObject({
      success: false,
      statusCode: 302,
      error: { code: 'TOO_MANY_REDIRECTS', statusCode: 302 },
    });
    expect(server.requests.length - before).toBe(4);
    expect(server.requests.at(-1)?.url).toBe('/redirect/1');
  });

  it('honours a lower maxRedirects', async () => {
    loopbackProber({ maxRedirects: 1 });
    expect((await get('/redirect/2')).error?.code).toBe('TOO_MANY_REDIRECTS');
  });

  it('refuses a redirect to the metadata address 169.254.169.254 without connecting there', async () => {
    loopbackProber();
    const location = encodeURIComponent('http://169.254.169.254/latest/meta-data/');
    const result = await get(`/redirect-to?location=${location}`);
    expect(result).toMatchObject({ success: false, error: { code: 'SSRF_BLOCKED' } });
  });

  it('refuses a redirect to 127.0.0.1 when only the first host is allowed', async () => {
    prober = createProber({ allowList: parseAllowList('api.allowed.test'), resolveAll: fakeDns });
    const before = server.requests.length;
    const location = encodeURIComponent(`http://127.0.0.1:${server.port}/ok`);
    const result = await prober.probe({
      url: `http://api.allowed.test:${server.port}/redirect-to?location=${location}`,
      method: 'GET',
      headers: {},
    });
    expect(result).toMatchObject({ success: false, error: { code: 'SSRF_BLOCKED' } });
    // The allowed first hop reached the server; the refused second one did not.
    expect(server.requests.length - before).toBe(1);
  });

  it('keeps credentials on same-origin hops and drops them on cross-origin hops', async () => {
    prober = createProber({
      allowList: parseAllowList('127.0.0.1,api.allowed.test'),
      resolveAll: fakeDns,
    });
    const secretHeaders = {
      authorization: `Bearer ${CANARY}`,
      'x-api-key': CANARY,
      'user-agent': 'ua',
    };
    const before = server.requests.length;
    const same = await get('/redirect-to?location=/ok', secretHeaders);
    expect(same.success).toBe(true);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY}`);

    const crossLocation = encodeURIComponent(`http://api.allowed.test:${server.port}/ok`);
    const cross = await get(`/redirect-to?location=${crossLocation}`, secretHeaders);
    expect(cross.success).toBe(true);
    const last = server.requests.at(-1);
    expect(last?.headers.host).toBe(`api.allowed.test:${server.port}`);
    expect(last?.headers.authorization).toBeUndefined();
    expect(last?.headers['x-api-key']).toBeUndefined();
    // The prober's own User-Agent, not the caller's: no caller header crosses origins.
    expect(last?.headers['user-agent']).toBe(USER_AGENT);
    expect(server.requests.length - before).toBe(4);
  });

  describe('a redirect from origin A to origin B (two loopback servers)', () => {
    let originB: LoopbackServer;
    beforeAll(async () => {
      originB = await startLoopbackServer(upstreamHandler(CANARY));
    });
    afterAll(async () => {
      await originB.close();
    });

    const KEY = 'k3y-canary-5b1e0d';
    const fromA = (status: number) =>
      `/redirect-to?status=${status}&location=${encodeURIComponent(`${originB.origin}/ok`)}`;

    it.each([
      ['an API key header named X-API-Key', { 'x-api-key': KEY }],
      ['an API key header named Accept (stored before names were checked)', { accept: KEY }],
      ['an API key header named User-Agent', { 'user-agent': KEY }],
      ['an API key header named Accept-Language', { 'accept-language': KEY }],
      ['Authorization', { authorization: `Bearer ${KEY}` }],
      ['a cookie', { cookie: `session=${KEY}` }],
    ])('B never receives %s', async (_label, credential) => {
      loopbackProber();
      const headers = { 'user-agent': USER_AGENT, accept: 'application/json', ...credential };
      for (const status of [301, 302, 303, 307, 308]) {
        const beforeA = server.requests.length;
        const beforeB = originB.requests.length;
        const result = await prober.probe({
          url: `${server.origin}${fromA(status)}`,
          method: 'GET',
          headers,
        });
        expect(result).toMatchObject({ success: true, statusCode: 200 });
        // A got the key (same origin as configured); B got one request without it.
        expect(JSON.stringify(server.requests.slice(beforeA))).toContain(KEY);
        const atB = originB.requests.slice(beforeB);
        expect(atB).toHaveLength(1);
        expect(JSON.stringify(atB[0]?.headers)).not.toContain(KEY);
        expect(atB[0]?.headers['user-agent']).toBe(USER_AGENT);
      }
    });

    it('a key built by buildTestRequest for origin A does not reach B, and later hops back to A stay without it', async () => {
      loopbackProber();
      const request = buildTestRequest({
        baseUrl: server.origin,
        action: { method: 'GET', path: fromA(302), parameters: [] },
        authType: 'api_key',
        apiKeyPlacement: { in: 'header', name: 'X-Api-Key' },
        credentials: { type: 'api_key', key: KEY },
      });
      const beforeB = originB.requests.length;
      const back = encodeURIComponent(`${server.origin}/ok`);
      const bounce = `${originB.origin}/redirect-to?location=${back}`;
      const beforeA = server.requests.length;
      const result = await prober.probe({
        ...request,
        url: `${server.origin}/redirect-to?location=${encodeURIComponent(bounce)}`,
      });
      expect(result.success).toBe(true);
      expect(originB.requests.length - beforeB).toBe(1);
      expect(JSON.stringify(originB.requests.slice(beforeB))).not.toContain(KEY);
      const hopsAtA = server.requests.slice(beforeA);
      expect(hopsAtA).toHaveLength(2);
      expect(hopsAtA[0]?.headers['x-api-key']).toBe(KEY);
      expect(hopsAtA[1]?.headers['x-api-key']).toBeUndefined();
    });
  });

  it('turns a POST into a GET on 303', async () => {
    loopbackProber();
    const result = await prober.probe({
      url: `${server.origin}/redirect-to?status=303&location=/ok`,
      method: 'POST',
      headers: {},
    });
    expect(result.success).toBe(true);
    expect(server.requests.at(-1)?.method).toBe('GET');
  });
});

describe('createProber: no secret in any result', () => {
  it('never puts header values, query strings or bodies into results', async () => {
    loopbackProber();
    const headers = { authorization: `Bearer ${CANARY}`, 'x-api-key': CANARY };
    const paths = [
      '/ok',
      '/status/401',
      '/status/404',
      '/status/429?retry-after=5',
      '/status/500',
      '/redirect/4',
      '/redirect/2',
      '/reset',
      '/close',
      `/redirect-to?location=${encodeURIComponent('http://169.254.169.254/')}`,
    ];
    for (const path of paths) {
      const separator = path.includes('?') ? '&' : '?';
      expectNoCanary(await get(`${path}${separator}api_key=${CANARY}`, headers));
    }
    expectNoCanary(await get(`/hang?api_key=${CANARY}`, headers, 100));
    const blocked = await prober.probe({
      url: `http://10.0.0.1/?api_key=${CANARY}`,
      method: 'GET',
      headers,
    });
    expect(blocked.error?.code).toBe('SSRF_BLOCKED');
    expectNoCanary(blocked);
    const unresolved = await prober.probe({
      url: `http://nowhere.test/${CANARY}?api_key=${CANARY}`,
      method: 'GET',
      headers,
    });
    expect(unresolved.error?.code).toBe('DNS_ERROR');
    expectNoCanary(unresolved);
  });

  it('never throws, even for an invalid header value', async () => {
    loopbackProber();
    const result = await get('/ok', { 'x-bad': `line\r\nInjected: ${CANARY}` });
    expect(result.success).toBe(false);
    expectNoCanary(result);
  });
});

describe('createProber with buildTestRequest', () => {
  it('delivers the injected credential and User-Agent to the upstream, and nothing else', async () => {
    loopbackProber();
    const request = buildTestRequest({
      baseUrl: `${server.origin}/status`,
      action: { method: 'GET', path: '/204', parameters: [] },
      authType: 'api_key',
      apiKeyPlacement: { in: 'query', name: 'api_key' },
      credentials: { type: 'api_key', key: CANARY },
    });
    const result = await prober.probe(request);
    expect(result).toMatchObject({ success: true, statusCode: 204 });
    expectNoCanary(result);
    const received = server.requests.at(-1);
    expect(received?.url).toBe(`/status/204?api_key=${CANARY}`);
    expect(received?.headers['user-agent']).toBe('waygate-health/0.1');
  });
});
