import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// Node 20 and 22 are the supported range (decisions.md), but these machines only run 20: so
// the `engines` of everything an app installs with our packages is checked statically. An
// npm install on 20 warns EBADENGINE for any package whose range leaves 20 out (ky 2 did).
const SUPPORTED = ['20.11.0', '22.0.0'];
const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PUBLISHED = ['core', 'client', 'react'];

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
}

const readManifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/**
 * Directory of `name` as Node's lookup finds it from `fromDir` (the nearest `node_modules`
 * up the tree; pnpm's symlinks followed). Not `require.resolve`: exports maps may hide
 * `package.json`.
 */
const resolveDir = (name: string, fromDir: string): string => {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`${name} is not installed (from ${fromDir})`);
  }
};

/** Every runtime dependency an app gets with our published packages, transitively. */
const installedRuntimeDependencies = (): Map<string, { manifest: Manifest; via: string }> => {
  const seen = new Map<string, { manifest: Manifest; via: string }>();
  const queue = PUBLISHED.map((name) => ({ dir: join(packagesDir, name), via: name }));
  while (queue.length > 0) {
    const { dir, via } = queue.shift() as { dir: string; via: string };
    const manifest = readManifest(dir);
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const depDir = resolveDir(dependency, dir);
      if (seen.has(depDir)) continue;
      const depManifest = readManifest(depDir);
      seen.set(depDir, { manifest: depManifest, via: `${via} > ${dependency}` });
      queue.push({ dir: depDir, via: `${via} > ${dependency}` });
    }
  }
  return seen;
};

describe('Node engines', () => {
  it('every published package declares a range with Node 20 and 22', () => {
    for (const name of PUBLISHED) {
      const range = readManifest(join(packagesDir, name)).engines?.node;
      expect(range, `${name} engines.node`).toBeDefined();
      for (const version of SUPPORTED) {
        expect(semver.satisfies(version, range as string), `${name}: ${range}`).toBe(true);
      }
    }
  });

  it('every installed runtime dependency accepts Node 20 and 22', () => {
    const dependencies = installedRuntimeDependencies();
    // Guards the walk itself: ky and zod must be among what it found.
    const names = [...dependencies.values()].map(({ manifest }) => manifest.name);
    expect(names).toEqual(expect.arrayContaining(['ky', 'zod', '@waygate/health-core']));
    const refused = [...dependencies.values()].flatMap(({ manifest, via }) => {
      const range = manifest.engines?.node;
      if (!range) return [];
      return SUPPORTED.filter((version) => !semver.satisfies(version, range)).map(
        (version) =>
          `${manifest.name}@${manifest.version} (${via}) wants node ${range}, not ${version}`,
      );
    });
    expect(refused).toEqual([]);
  });
});
