import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every published package states its licence and ships the text (npm packs LICENSE always).
const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe.each(['core', 'client', 'react'])('@waygate/health-%s packaging', (name) => {
  const dir = join(packagesDir, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

  it('is MIT-licensed, with the licence text beside package.json', () => {
    expect(manifest.license).toBe('MIT');
    expect(existsSync(join(dir, 'LICENSE'))).toBe(true);
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('has no exact-pinned runtime dependency (apps on a neighbouring version share one copy)', () => {
    for (const [dependency, spec] of Object.entries<string>(manifest.dependencies ?? {})) {
      expect(spec, dependency).toMatch(/^(\^|workspace:\^|catalog:)/);
    }
  });

  it('never points a public condition at unshipped source', () => {
    const exported = JSON.stringify(manifest.exports);
    expect(exported).not.toMatch(/"source":/);
  });
});
