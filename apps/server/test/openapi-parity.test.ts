import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../src/testing/test-server';

const run = promisify(execFile);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface OpenApiDocument {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}
interface Operation {
  operationId?: string;
  security?: unknown[];
}

/** `METHOD /path/{param}` for every route the app really answers (Hono's route table). */
function mountedRoutes(app: Pick<Hono, 'routes'>): Set<string> {
  const routes = new Set<string>();
  for (const { method, path } of app.routes) {
    // Middleware (`use`) is registered as ALL; `*` paths are middleware or the SPA fallback.
    if (method === 'ALL' || path.includes('*')) continue;
    routes.add(`${method} ${path.replaceAll(/:(\w+)/g, '{$1}')}`);
  }
  return routes;
}

function documentedRoutes(doc: OpenApiDocument): Set<string> {
  const routes = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method]) routes.add(`${method.toUpperCase()} ${path}`);
  }
  return routes;
}

/** Routes mounted but not documented, and documented but not mounted. */
function mismatch(app: Pick<Hono, 'routes'>, doc: OpenApiDocument) {
  const mounted = mountedRoutes(app);
  const documented = documentedRoutes(doc);
  return {
    undocumented: [...mounted].filter((route) => !documented.has(route)).sort(),
    unmounted: [...documented].filter((route) => !mounted.has(route)).sort(),
  };
}

describe('OpenAPI document and route table', () => {
  let server: TestServer;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    server = await createTestServer();
    const response = await server.app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    doc = (await response.json()) as OpenApiDocument;
  });
  afterAll(() => server.close());

  it('documents every mounted route and nothing else', () => {
    expect(mountedRoutes(server.app).size).toBeGreaterThan(30);
    expect(mismatch(server.app, doc)).toEqual({ undocumented: [], unmounted: [] });
  });

  it('would notice a route added without a declaration, and a declaration without a route', () => {
    const extra = new Hono();
    extra.routes.push(...server.app.routes);
    extra.get('/api/v1/undeclared', (c) => c.text('x'));
    const before = mismatch(server.app, doc);
    expect(mismatch(extra, doc).undocumented).toEqual(
      [...before.undocumented, 'GET /api/v1/undeclared'].sort(),
    );
    const ghost = { paths: { ...doc.paths, '/api/v1/ghost': { get: {} } } };
    expect(mismatch(server.app, ghost).unmounted).toEqual(
      [...before.unmounted, 'GET /api/v1/ghost'].sort(),
    );
  });

  it('gives every operation a unique camelCase operationId and declared security', () => {
    const ids: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z]+(?:[A-Z][a-z0-9]*)+$/);
        expect(Array.isArray(operation.security), `${method} ${path} security`).toBe(true);
        ids.push(operation.operationId as string);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Public operations say so with an empty list; everything under /api/v1 but the document
    // itself needs a key or the cron secret.
    expect(doc.paths['/livez']?.get?.security).toEqual([]);
    expect(doc.paths['/api/v1/connections']?.get?.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/api/v1/internal/health-checks']?.get?.security).toEqual([
      { cronSecret: [] },
    ]);
  });

  it('passes Redocly lint with its recommended rules (0 errors)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waygate-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const redocly = resolve(import.meta.dirname, '../../../node_modules/.bin/redocly');
      // lint exits 1 on errors; the JSON report is on stdout either way.
      const { stdout } = await run(
        redocly,
        ['lint', file, '--extends=recommended', '--format=json'],
        {
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const report = JSON.parse(stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string }[];
      };
      const errors = report.problems.filter((problem) => problem.severity === 'error');
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
