// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs against the built package (the test script builds first), because what a Server
// Component meets is dist: the directive at the top of each file and what each file imports.
const packageDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = (file: string) => readFileSync(path.join(packageDir, 'dist', file), 'utf8');

/** A built file and every chunk it imports, transitively. */
function builtGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const code = dist(file);
    seen.set(file, code);
    for (const [, spec] of code.matchAll(/(?:from |require\()["'](\.\/[^"']+)["']/g)) {
      visit(spec!.slice(2));
    }
  };
  visit(entry);
  return seen;
}

describe('@waygate/health-react/query (server-safe entry)', () => {
  it.each(['query.js', 'query.cjs'])('%s and its chunks carry no "use client"', (entry) => {
    const graph = builtGraph(entry);
    for (const [file, code] of graph) {
      expect(code.includes('use client'), file).toBe(false);
      // Nothing that needs React at import time, React itself included.
      expect(code, file).not.toMatch(/from ["']react["']|require\(["']react["']\)/);
    }
  });

  it.each(['index', 'charts'])('the %s entry stays a client entry (ESM and CJS)', (entry) => {
    expect(dist(`${entry}.js`).startsWith("'use client';")).toBe(true);
    expect(dist(`${entry}.cjs`).startsWith("'use client';")).toBe(true);
  });

  it('prefetches in a server context: Node with the react-server condition, ESM and CJS', () => {
    // Under `react-server`, `react` resolves to its server build (no hooks, no context): an
    // entry that touched client React would throw on import, as `next build` did.
    const script = `
      const esm = await import(${JSON.stringify(path.join(packageDir, 'dist/query.js'))});
      const { createRequire } = await import('node:module');
      const cjs = createRequire(import.meta.url)(${JSON.stringify(path.join(packageDir, 'dist/query.cjs'))});
      const client = {
        summary: async () => ({ totalConnections: 2 }),
        connections: { list: async (filters) => ({ data: [{ id: 'conn_1', filters }], pagination: { hasMore: false, cursor: null } }) },
      };
      const signal = new AbortController().signal;
      const out = [];
      for (const q of [esm, cjs]) {
        const summary = q.healthSummaryQueryOptions(client);
        const list = q.connectionsQueryOptions(client, { healthStatus: 'unhealthy' });
        out.push({
          summaryKey: summary.queryKey,
          summary: await summary.queryFn({ signal, queryKey: summary.queryKey }),
          listKey: list.queryKey,
          list: await list.queryFn({ signal, queryKey: list.queryKey }),
          factories: Object.keys(q).filter((k) => k.endsWith('QueryOptions')).length,
          retry: summary.retry,
        });
      }
      console.log(JSON.stringify(out));
    `;
    const output = execFileSync(
      process.execPath,
      ['--conditions=react-server', '--input-type=module', '-e', script],
      { cwd: packageDir, encoding: 'utf8' },
    );
    const [esm, cjs] = JSON.parse(output);
    expect(esm).toEqual(cjs);
    expect(esm.summaryKey).toEqual(['waygate-health', 'summary']);
    expect(esm.summary).toEqual({ totalConnections: 2 });
    expect(esm.listKey).toEqual([
      'waygate-health',
      'connections',
      'list',
      { healthStatus: 'unhealthy' },
    ]);
    expect(esm.list.data[0].filters).toEqual({ healthStatus: 'unhealthy' });
    expect(esm.factories).toBe(9);
    expect(esm.retry).toBe(false);
  });
});
