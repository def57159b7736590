import { expect, it } from 'vitest';
import { parseCorsOrigins } from '../src/config';
import { describeEachDatabase } from './support/databases';

const APP = 'https://app.example.com';

describeEachDatabase(
  'CORS for browser apps on other origins (WAYGATE_CORS_ORIGINS)',
  ({ server }) => {
    it('answers the preflight before authentication, for an allowed origin only', async () => {
      const preflight = await server().app.request('/api/v1/connections', {
        method: 'OPTIONS',
        headers: {
          Origin: APP,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization, content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(APP);
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
        'authorization',
      );
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

      const stranger = await server().app.request('/api/v1/connections', {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
      });
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('lets the app read the answer, its request id and Retry-After', async () => {
      const { apiKey } = await server().createTenant();
      const ok = await server().app.request('/api/v1/connections', {
        headers: { Origin: APP, Authorization: `Bearer ${apiKey}` },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
      expect(ok.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/i);
      expect(ok.headers.get('access-control-expose-headers')).toMatch(/Retry-After/i);
      // A wrong key is still a 401 the app can read (not an opaque CORS failure).
      const denied = await server().app.request('/api/v1/connections', {
        headers: { Origin: APP, Authorization: 'Bearer wgh_wrong' },
      });
      expect(denied.status).toBe(401);
      expect(denied.headers.get('access-control-allow-origin')).toBe(APP);
    });
  },
  { config: { corsOrigins: [APP] } },
);

describeEachDatabase('no CORS unless configured', ({ server }) => {
  it('sends no CORS headers by default', async () => {
    const response = await server().app.request('/api/v1/connections', {
      method: 'OPTIONS',
      headers: { Origin: APP, 'Access-Control-Request-Method': 'GET' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

it('WAYGATE_CORS_ORIGINS takes origins or a lone *, and refuses anything else at start', () => {
  expect(parseCorsOrigins(undefined)).toEqual([]);
  expect(parseCorsOrigins(' https://a.example , http://localhost:5173 ')).toEqual([
    'https://a.example',
    'http://localhost:5173',
  ]);
  expect(parseCorsOrigins('https://a.example/')).toEqual(['https://a.example']);
  expect(parseCorsOrigins('*')).toEqual(['*']);
  expect(() => parseCorsOrigins('*, https://a.example')).toThrow(/WAYGATE_CORS_ORIGINS/);
  expect(() => parseCorsOrigins('https://a.example/app')).toThrow(/not an origin/);
  expect(() => parseCorsOrigins('a.example')).toThrow(/not an origin/);
});
