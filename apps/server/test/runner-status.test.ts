import { HealthCheck, successEnvelope } from '@waygate/health-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { parseAllowList } from '../src/outbound/allow-list';
import { createProber } from '../src/outbound/prober';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

// Each status rule of the spec, end to end: HTTP API → runner → loopback upstream → database.

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => upstream.close());
beforeEach(() => upstream.reset());

const TIMEOUT_MS = 3_000;
// The API's clock, moved forward where a test must step past the per-minute manual limit.
let clockOffsetMs = 0;
const clock = () => new Date(Date.now() + clockOffsetMs);

describeEachDatabase(
  'runner status rules',
  ({ server }) => {
    async function tenantApi() {
      const { apiKey } = await server().createTenant();
      return apiClient(server, apiKey);
    }
    async function check(api: ReturnType<typeof apiClient>, connectionId: string) {
      const res = await api.post(`/connections/${connectionId}/health-checks`);
      expect(res.status, res.text).toBe(201);
      return successEnvelope(HealthCheck).parse(res.body).data;
    }

    it('healthy: 2xx answer, active credentials, one outbound call', async () => {
      const api = await tenantApi();
      const { connectionId, actionId } = await setupConnection(api, { baseUrl: upstream.url });
      const result = await check(api, connectionId);
      expect(result).toMatchObject({
        status: 'healthy',
        checkType: 'manual',
        credentialStatus: 'active',
        testActionId: actionId,
        testActionSuccess: true,
        testActionStatusCode: 200,
        circuitBreakerStatus: 'closed',
      });
      expect(result.error).toBeUndefined();
      expect(upstream.count('/ok')).toBe(1);
      expect(upstream.requests[0]?.headers.authorization).toBe('Bearer tok_test_123456');
      const latest = await api.get(`/connections/${connectionId}/health-checks/latest`);
      expect(latest.body.data).toEqual(result);
    });

    it('degraded: a test action slower than 2000 ms', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        path: '/slow?ms=2200',
      });
      const result = await check(api, connectionId);
      expect(result.status).toBe('degraded');
      expect(result.testActionSuccess).toBe(true);
      expect(result.testActionLatencyMs).toBeGreaterThan(2000);
      const connection = await api.get(`/connections/${connectionId}`);
      expect(connection.body.data.healthReasons).toEqual(['latency_high']);
    });

    it('unhealthy: HTTP 500 is recorded as HTTP_5XX with its status code', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, { baseUrl: upstream.url, path: '/fail' });
      const result = await check(api, connectionId);
      expect(result).toMatchObject({
        status: 'unhealthy',
        testActionSuccess: false,
        testActionStatusCode: 500,
        error: { code: 'HTTP_5XX', statusCode: 500 },
        testActionError: { code: 'HTTP_5XX', statusCode: 500 },
      });
      expect(upstream.count('/fail')).toBe(1);
      const connection = await api.get(`/connections/${connectionId}`);
      expect(connection.body.data.healthStatus).toBe('unhealthy');
      expect(connection.body.data.healthReasons).toContain('test_action_failed');
    });

    it('unhealthy: HTTP 401 is a rejected credential', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        path: '/unauthorized',
      });
      const result = await check(api, connectionId);
      expect(result.status).toBe('unhealthy');
      expect(result.error).toMatchObject({ code: 'UNAUTHORIZED', statusCode: 401 });
    });

    it('unhealthy: HTTP 429 is RATE_LIMITED', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        path: '/limited',
      });
      const result = await check(api, connectionId);
      expect(result.error).toMatchObject({ code: 'RATE_LIMITED', statusCode: 429 });
    });

    it('unhealthy: a hanging upstream is a TIMEOUT after WAYGATE_CHECK_TIMEOUT_MS', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, { baseUrl: upstream.url, path: '/hang' });
      const result = await check(api, connectionId);
      expect(result.status).toBe('unhealthy');
      expect(result.error?.code).toBe('TIMEOUT');
      expect(result.testActionStatusCode).toBeUndefined();
      expect(result.latencyMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(upstream.count('/hang')).toBe(1);
    });

    it('follows a redirect within one check (one logical call)', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        path: '/redirect',
      });
      const result = await check(api, connectionId);
      expect(result.status).toBe('healthy');
      expect(upstream.count('/redirect')).toBe(1);
    });

    it('degraded: credentials expiring within the hour, still one call', async () => {
      const api = await tenantApi();
      const expiresAt = new Date(Date.now() + 30 * 60_000).toISOString();
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        authType: 'oauth2',
        credentials: { type: 'oauth2', accessToken: 'oauth_access_1', expiresAt },
      });
      const result = await check(api, connectionId);
      expect(result).toMatchObject({
        status: 'degraded',
        credentialStatus: 'expiring',
        testActionSuccess: true,
      });
      expect(new Date(result.credentialExpiresAt!).getTime()).toBe(new Date(expiresAt).getTime());
      expect(upstream.count()).toBe(1);
      expect(upstream.requests[0]?.headers.authorization).toBe('Bearer oauth_access_1');
    });

    it('unhealthy: expired credentials make zero outbound calls', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        authType: 'oauth2',
        credentials: {
          type: 'oauth2',
          accessToken: 'old',
          expiresAt: new Date(Date.now() - 60_000).toISOString(),
        },
      });
      const result = await check(api, connectionId);
      expect(result).toMatchObject({
        status: 'unhealthy',
        credentialStatus: 'expired',
        error: { code: 'CREDENTIALS_EXPIRED' },
      });
      expect(result.testActionSuccess).toBeUndefined();
      expect(result.testActionId).toBeUndefined();
      expect(upstream.count()).toBe(0);
    });

    it('unhealthy: missing credentials make zero outbound calls', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        credentials: null,
      });
      const created = await api.get(`/connections/${connectionId}`);
      expect(created.body.data.credentialStatus).toBe('missing');
      const result = await check(api, connectionId);
      expect(result).toMatchObject({
        status: 'unhealthy',
        credentialStatus: 'missing',
        error: { code: 'CREDENTIALS_MISSING' },
      });
      expect(upstream.count()).toBe(0);
    });

    it('authType none needs no credentials and calls once', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        authType: 'none',
      });
      const result = await check(api, connectionId);
      expect(result).toMatchObject({ status: 'healthy', credentialStatus: 'active' });
      expect(upstream.count()).toBe(1);
      expect(upstream.requests[0]?.headers.authorization).toBeUndefined();
    });

    it.each([
      [
        'api_key in a header',
        { in: 'header', name: 'X-Api-Key' },
        (r: Upstream['requests'][number]) => r.headers['x-api-key'],
      ],
      [
        'api_key in the query',
        { in: 'query', name: 'api_key' },
        (r: Upstream['requests'][number]) => new URL(r.url, 'http://x').searchParams.get('api_key'),
      ],
    ] as const)('injects %s', async (_name, placement, read) => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        authType: 'api_key',
        apiKeyPlacement: placement,
        credentials: { type: 'api_key', key: 'key_abc_987' },
      });
      await check(api, connectionId);
      expect(read(upstream.requests[0]!)).toBe('key_abc_987');
    });

    it('injects basic credentials', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, {
        baseUrl: upstream.url,
        authType: 'basic',
        credentials: { type: 'basic', username: 'ada', password: 'pw_basic_55' },
      });
      await check(api, connectionId);
      expect(upstream.requests[0]?.headers.authorization).toBe(
        `Basic ${Buffer.from('ada:pw_basic_55').toString('base64')}`,
      );
    });

    it('opens the breaker after 5 failures, then checks make zero calls', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, { baseUrl: upstream.url, path: '/fail' });
      for (let i = 0; i < 3; i++) await check(api, connectionId);
      clockOffsetMs += 61_000; // past the manual limit's minute, well inside the breaker cooldown
      for (let i = 0; i < 2; i++) await check(api, connectionId);
      expect(upstream.count()).toBe(5);
      const connection = await api.get(`/connections/${connectionId}`);
      expect(connection.body.data).toMatchObject({
        circuitBreakerStatus: 'open',
        consecutiveFailures: 5,
      });
      const result = await check(api, connectionId);
      expect(result).toMatchObject({
        status: 'unhealthy',
        circuitBreakerStatus: 'open',
        error: { code: 'CIRCUIT_OPEN' },
      });
      expect(upstream.count()).toBe(5);
    });

    it('refuses private destinations (SSRF guard) without a call', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, {
        baseUrl: 'http://169.254.169.254/latest',
      });
      const result = await check(api, connectionId);
      expect(result.status).toBe('unhealthy');
      expect(result.error?.code).toBe('SSRF_BLOCKED');
    });

    it('without an allow-list entry, loopback in any notation is refused and never reached', async () => {
      const strict = createProber({ allowList: parseAllowList(undefined), timeoutMs: TIMEOUT_MS });
      const app = createApp({ ...server().deps, prober: strict });
      const { apiKey } = await server().createTenant();
      const api = apiClient(server, apiKey);
      const port = new URL(upstream.url).port;
      try {
        for (const host of [
          '127.0.0.1',
          '0x7f000001',
          '2130706433',
          '0177.1',
          '127.1',
          '[::ffff:7f00:1]',
          'localhost',
          '0',
        ]) {
          const { connectionId } = await setupConnection(api, {
            baseUrl: `http://${host}:${port}`,
            authType: 'none',
          });
          const res = await app.request(`/api/v1/connections/${connectionId}/health-checks`, {
            method: 'POST',
            headers: { authorization: `Bearer ${apiKey}` },
          });
          const body = (await res.json()) as { data: { status: string; error?: { code: string } } };
          expect(res.status, host).toBe(201);
          expect(body.data.error?.code, host).toBe('SSRF_BLOCKED');
          expect(body.data.status).toBe('unhealthy');
        }
        expect(upstream.count()).toBe(0);
      } finally {
        await strict.close();
      }
    });

    it('a GET that needs parameters is skipped, never guessed: credential-only check', async () => {
      const api = await tenantApi();
      const integration = await api.post('/integrations', {
        name: 'P',
        baseUrl: upstream.url,
        authType: 'none',
      });
      await api.post(`/integrations/${integration.body.data.id}/actions`, {
        name: 'Get user',
        method: 'GET',
        path: '/users/{id}',
        parameters: [{ name: 'id', in: 'path', required: true }],
      });
      const connection = await api.post('/connections', {
        integrationId: integration.body.data.id,
        name: 'c',
      });
      const result = await check(api, connection.body.data.id);
      expect(result.status).toBe('healthy');
      expect(result.testActionId).toBeUndefined();
      expect(upstream.count()).toBe(0);
      const detail = await api.get(`/connections/${connection.body.data.id}`);
      expect(detail.body.data.healthSummary.testAction.rule).toBe('first_get_needs_params');
    });

    it('over WAYGATE_MANUAL_CHECK_LIMIT per minute → 429 RATE_LIMITED with Retry-After', async () => {
      const api = await tenantApi();
      const { connectionId } = await setupConnection(api, { baseUrl: upstream.url });
      for (let i = 0; i < 3; i++) await check(api, connectionId);
      const refused = await api.post(`/connections/${connectionId}/health-checks`);
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('RATE_LIMITED');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.error.details.retryAfterSeconds).toBe(retryAfter);
      expect(upstream.count()).toBe(3);
    });
  },
  { config: { checkTimeoutMs: TIMEOUT_MS, manualCheckLimit: 3 }, now: clock },
);
