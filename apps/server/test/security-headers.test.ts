import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { dashboardCsp, declaredConnectOrigins } from '../src/http/static-files';
import { describeEachDatabase } from './support/databases';

// Browser security headers (README "Security"): nosniff and no-referrer on every response (API,
// errors, 404s, static files); a strict Content-Security-Policy on the dashboard's files.

/** `directive → sources` of a policy. */
function directives(policy: string | null): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources.join(' '));
  }
  return map;
}

function expectBrowserHeaders(response: Response, what: string) {
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), what).toBe('no-referrer');
}

function expectDashboardPolicy(response: Response, connect = "'self'") {
  const policy = response.headers.get('content-security-policy');
  const csp = directives(policy);
  expect(csp.get('default-src')).toBe("'self'");
  expect(csp.get('script-src')).toBe("'self'");
  expect(csp.get('style-src')).toBe("'self'");
  expect(csp.get('connect-src')).toBe(connect);
  expect(csp.get('object-src')).toBe("'none'");
  expect(csp.get('base-uri')).toBe("'none'");
  expect(csp.get('frame-ancestors')).toBe("'none'");
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|data:|\*/);
}

/** A built dashboard: index.html (optionally with the build's CSP <meta>), an asset, an icon. */
function staticDir(meta?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'waygate-static-'));
  mkdirSync(join(dir, 'assets'));
  const head = meta ? `<meta http-equiv="Content-Security-Policy" content="${meta}" />` : '';
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="UTF-8" />${head}</head><body><div id="root"></div><script type="module" src="/assets/app-1.js"></script></body></html>`,
  );
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'export {};\n');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeEachDatabase('browser security headers', ({ server }) => {
  let apiKey: string;
  beforeAll(async () => {
    apiKey = (await server().createTenant()).apiKey;
  });
  const auth = () => ({ authorization: `Bearer ${apiKey}` });

  it('API answers, errors and 404s carry nosniff and no-referrer', async () => {
    const app = server().app;
    const json = { ...auth(), 'content-type': 'application/json' };
    const cases: [string, Response | Promise<Response>, number][] = [
      ['list', app.request('/api/v1/integrations', { headers: auth() }), 200],
      [
        'create',
        app.request('/api/v1/integrations', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ name: 'H', baseUrl: 'https://h.test', authType: 'none' }),
        }),
        201,
      ],
      [
        'validation error',
        app.request('/api/v1/integrations', { method: 'POST', headers: json, body: '[[1]]' }),
        400,
      ],
      [
        'too deep',
        app.request('/api/v1/integrations', {
          method: 'POST',
          headers: json,
          body: `${'['.repeat(100)}${']'.repeat(100)}`,
        }),
        400,
      ],
      [
        'too large',
        app.request('/api/v1/integrations', {
          method: 'POST',
          headers: json,
          body: 'x'.repeat(70 * 1024),
        }),
        413,
      ],
      ['no key', app.request('/api/v1/integrations'), 401],
      ['unknown API route', app.request('/api/v1/nope', { headers: auth() }), 404],
      ['unknown route, no dashboard', app.request('/nope'), 404],
      ['openapi', app.request('/api/v1/openapi.json'), 200],
      ['healthz', app.request('/healthz'), 200],
      ['livez', app.request('/livez'), 200],
      ['readyz', app.request('/readyz'), 200],
    ];
    for (const [what, pending, status] of cases) {
      const response = await pending;
      expect(response.status, what).toBe(status);
      expectBrowserHeaders(response, what);
    }
  });

  it("the dashboard's HTML, assets and 404s carry a strict CSP and the headers", async () => {
    const dir = staticDir(
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'",
    );
    dirs.push(dir);
    const app = createApp({ ...server().deps, staticDir: dir });

    for (const path of ['/', '/connections/conn_1/history', '/index.html']) {
      const page = await app.request(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expectBrowserHeaders(page, path);
      expectDashboardPolicy(page);
    }
    const head = await app.request('/', { method: 'HEAD' });
    expectBrowserHeaders(head, 'HEAD /');
    expectDashboardPolicy(head);

    const asset = await app.request('/assets/app-1.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expectBrowserHeaders(asset, 'asset');
    expectDashboardPolicy(asset);
    const icon = await app.request('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expectDashboardPolicy(icon); // an SVG opened directly is a document: no script in it runs

    const missing = await app.request('/assets/missing-2.js');
    expect(missing.status).toBe(404);
    expectBrowserHeaders(missing, 'missing asset');
    const api = await app.request('/api/v1/integrations', { headers: auth() });
    expect(api.status).toBe(200);
    expectBrowserHeaders(api, 'API next to the dashboard');
  });

  it('a dashboard built with VITE_WAYGATE_API_URL: its API origin is added to connect-src', async () => {
    const dir = staticDir(
      "default-src 'self'; connect-src 'self' https://api.example.com:8443; object-src 'none'",
    );
    dirs.push(dir);
    const app = createApp({ ...server().deps, staticDir: dir });
    const page = await app.request('/');
    expectDashboardPolicy(page, "'self' https://api.example.com:8443");
    // Only HTML declares origins; other files keep 'self'.
    expectDashboardPolicy(await app.request('/assets/app-1.js'));
  });

  it('a page without the meta gets the default policy', async () => {
    const dir = staticDir();
    dirs.push(dir);
    const app = createApp({ ...server().deps, staticDir: dir });
    expectDashboardPolicy(await app.request('/'));
  });
});

it('declaredConnectOrigins takes plain http(s) origins only, from connect-src only', () => {
  const meta = (policy: string) =>
    `<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"></head>`;
  expect(declaredConnectOrigins(meta("connect-src 'self' https://api.example.com/v1/"))).toEqual([
    'https://api.example.com',
  ]);
  expect(
    declaredConnectOrigins(
      meta(
        "script-src https://cdn.evil; connect-src 'self' 'unsafe-inline' * https://*.evil data: javascript:alert(1) wss://ws.evil http://LOCALHOST:3000 http://localhost:3000",
      ),
    ),
  ).toEqual(['http://localhost:3000']);
  expect(declaredConnectOrigins('<meta name=\'x\' content="connect-src https://a.test">')).toEqual(
    [],
  );
  expect(declaredConnectOrigins('<p>no meta</p>')).toEqual([]);
  expect(
    declaredConnectOrigins(
      `<META HTTP-EQUIV='content-security-policy' CONTENT='connect-src &#39;self&#39; https://b.test'>`,
    ),
  ).toEqual(['https://b.test']);
  expect(dashboardCsp(['https://a.test'])).toContain("connect-src 'self' https://a.test");
});
