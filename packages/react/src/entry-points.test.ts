import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every file reachable from `entry` through relative imports. */
function reachable(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const source = readFileSync(file, 'utf8');
    seen.set(file, source);
    for (const [, spec] of source.matchAll(/from '(\.[^']+)'/g)) {
      const base = path.resolve(path.dirname(file), spec!);
      const candidate = ['.ts', '.tsx', '/index.ts']
        .map((ext) => base + ext)
        .find((f) => {
          try {
            readFileSync(f);
            return true;
          } catch {
            return false;
          }
        });
      if (candidate) visit(candidate);
    }
  };
  visit(entry);
  return seen;
}

const src = path.dirname(new URL(import.meta.url).pathname);

describe('entry points', () => {
  it('the main entry never imports Recharts (charts live in ./charts)', () => {
    const files = reachable(path.join(src, 'index.ts'));
    expect(files.size).toBeGreaterThan(10);
    const offenders = [...files].filter(([, code]) => /from 'recharts'/.test(code)).map(([f]) => f);
    expect(offenders).toEqual([]);
  });

  it('the charts entry does use Recharts', () => {
    const files = reachable(path.join(src, 'charts.ts'));
    expect([...files.values()].some((code) => /from 'recharts'/.test(code))).toBe(true);
  });

  it('no module touches window or document at import time (SSR-safe)', async () => {
    // Importing in Node (no DOM globals) would throw on any top-level window access.
    const g = globalThis as Record<string, unknown>;
    const saved = { window: g.window, document: g.document };
    delete g.window;
    delete g.document;
    try {
      const main = await import('./index');
      const charts = await import('./charts');
      expect(typeof main.HealthStatusBadge).toBe('function');
      expect(typeof charts.LatencyChart).toBe('function');
    } finally {
      Object.assign(g, saved);
    }
  });
});
