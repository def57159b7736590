import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { createTestServer, type TestServer } from '../src/testing/test-server';
import { describeEachDatabase } from './support/databases';
import { emptySweepSummary } from './support/fixtures';

// Failed authentication (tenant API key or CRON_SECRET) is throttled per client address: after
// WAYGATE_AUTH_FAILURE_LIMIT (30) failures in a minute the next failure is 429
// TOO_MANY_AUTH_FAILURES with Retry-After. A valid key is never refused for its address, other
// addresses are unaffected, X-Forwarded-For counts only with WAYGATE_TRUST_PROXY. Requests go over
// real sockets from different loopback source addresses (127.0.0.x), as the address comes from
// the socket.

const CRON_SECRET = 'cron-secret-for-throttle-tests';
const LIMIT = 30;

interface Answer {
  status: number;
  retryAfter: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies ad hoc
  body: any;
}

function call(
  baseUrl: string,
  path: string,
  options: { from: string; bearer?: string; headers?: Record<string, string>; method?: string },
): Promise<Answer> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        localAddress: options.from,
        agent: false,
        headers: {
          ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {}
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] as string | undefined,
            body,
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function failTimes(n: number, fail: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < n; i++) answers.push(await fail());
  return answers;
}

function expectThrottled(answer: Answer) {
  expect(answer.status).toBe(429);
  expect(answer.body.error.code).toBe('TOO_MANY_AUTH_FAILURES');
  const retryAfter = Number(answer.retryAfter);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(answer.body.error.details.retryAfterSeconds).toBe(retryAfter);
}

const lines: string[] = [];
const warnings = () =>
  lines.filter((line) => line.includes('too many failed authentication attempts')).length;

describeEachDatabase(
  'failed-authentication throttling',
  ({ server }) => {
    let baseUrl: string;
    let apiKey: string;
    beforeAll(async () => {
      baseUrl = await server().listen();
      apiKey = (await server().createTenant()).apiKey;
    });

    it(`the ${LIMIT + 1}st failed API key from one address → 429 with Retry-After; a valid key from it is still 200; another address is unaffected`, async () => {
      const from = '127.0.0.2';
      const before = warnings();
      const wrong = () => call(baseUrl, '/api/v1/connections', { from, bearer: 'wgh_wrong' });
      const first = await failTimes(LIMIT, wrong);
      expect(first.map((a) => a.status)).toEqual(Array(LIMIT).fill(401));
      expectThrottled(await wrong());
      expectThrottled(await call(baseUrl, '/api/v1/integrations', { from })); // no key at all
      // A valid key is never refused for its address.
      const valid = await call(baseUrl, '/api/v1/connections', { from, bearer: apiKey });
      expect(valid.status).toBe(200);
      // Another address is unaffected.
      const other = await call(baseUrl, '/api/v1/connections', {
        from: '127.0.0.3',
        bearer: 'wgh_wrong',
      });
      expect(other.status).toBe(401);
      // One warning for the burst, not one per refused request.
      await failTimes(5, wrong);
      expect(warnings() - before).toBe(1);
    });

    it('counts wrong CRON_SECRETs too; the right secret still runs the sweep', async () => {
      const from = '127.0.0.4';
      const wrong = () =>
        call(baseUrl, '/api/v1/internal/health-checks', {
          from,
          method: 'POST',
          bearer: `${CRON_SECRET}-nope`,
        });
      const first = await failTimes(LIMIT, wrong);
      expect(first.map((a) => a.status)).toEqual(Array(LIMIT).fill(401));
      expectThrottled(await wrong());
      // Failures count per address, whichever credential failed.
      expectThrottled(await call(baseUrl, '/api/v1/connections', { from, bearer: 'wgh_x' }));
      const right = await call(baseUrl, '/api/v1/internal/health-checks', {
        from,
        method: 'POST',
        bearer: CRON_SECRET,
      });
      expect(right.status).toBe(200);
    });

    it('ignores X-Forwarded-For unless WAYGATE_TRUST_PROXY is on', async () => {
      const from = '127.0.0.5';
      let n = 0;
      const wrong = () =>
        call(baseUrl, '/api/v1/connections', {
          from,
          bearer: 'wgh_wrong',
          headers: { 'x-forwarded-for': `203.0.113.${(n++ % 250) + 1}` },
        });
      await failTimes(LIMIT, wrong);
      expectThrottled(await wrong());
    });

    it('requests the app answers in process (no socket) share one address', async () => {
      const wrong = async (): Promise<Answer> => {
        const r = await server().app.request('/api/v1/connections', {
          headers: { authorization: 'Bearer wgh_no' },
        });
        return {
          status: r.status,
          retryAfter: r.headers.get('retry-after') ?? undefined,
          body: await r.json(),
        };
      };
      await failTimes(LIMIT, wrong);
      expectThrottled(await wrong());
      const valid = await server().app.request('/api/v1/connections', {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(valid.status).toBe(200);
    });
  },
  () => ({
    config: { cronSecret: CRON_SECRET },
    runSweep: async () => emptySweepSummary(),
    logger: createLogger({ level: 'warn', destination: { write: (line) => lines.push(line) } }),
  }),
);

describe('failed-authentication throttling behind a trusted proxy (WAYGATE_TRUST_PROXY=on)', () => {
  let server: TestServer;
  let baseUrl: string;
  let apiKey: string;
  beforeAll(async () => {
    server = await createTestServer({ config: { trustProxy: true, authFailureLimit: 5 } });
    baseUrl = await server.listen();
    apiKey = (await server.createTenant()).apiKey;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('counts per last X-Forwarded-For entry: a forged first entry changes nothing, another client is unaffected', async () => {
    const from = '127.0.0.6'; // the proxy
    const as = (forwardedFor: string, bearer = 'wgh_wrong') =>
      call(baseUrl, '/api/v1/connections', {
        from,
        bearer,
        headers: { 'x-forwarded-for': forwardedFor },
      });
    let n = 0;
    // The client forges a different first entry every time; the proxy appends the real one.
    const attempts = await failTimes(5, () => as(`198.51.100.${++n}, 203.0.113.7`));
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expectThrottled(await as('192.0.2.99, 203.0.113.7'));
    expectThrottled(await as('203.0.113.7'));
    // Another client behind the same proxy is unaffected.
    expect((await as('203.0.113.8')).status).toBe(401);
    // The throttled client with a valid key: 200.
    expect((await as('203.0.113.7', apiKey)).status).toBe(200);
    // No (or a garbage) X-Forwarded-For: the proxy's own socket address counts.
    expect((await as('not-an-address')).status).toBe(401);
  });
});
