import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `code` the way an app's bundler would, for a browser, minified. */
const bundle = async (code: string, external: string[], conditions = ['@waygate/source']) => {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions,
    external,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
};

// Route names are string literals that survive minification: a resource's routes in the
// output mean its code was bundled.
const otherRoutes = ['"health-events"', '"integrations"', '"uptime"', '"latency"', '"summary"'];

describe('bundling', () => {
  it('drops every other resource when an app imports a single one', async () => {
    const only = await bundle(
      `export { createTransport, createHealthChecksResource } from './src/index.ts';`,
      ['zod', 'ky', '@waygate/health-core'],
    );
    expect(only).toContain('"health-checks"');
    for (const route of [...otherRoutes, '"webhooks"']) expect(only).not.toContain(route);
  });

  it('keeps them all for createHealthClient (so the check above can fail)', async () => {
    const all = await bundle(`export { createHealthClient } from './src/index.ts';`, [
      'zod',
      'ky',
      '@waygate/health-core',
    ]);
    for (const route of otherRoutes) expect(all).toContain(route);
    // Webhook administration is opt-in (createWebhooksResource), outside the default client.
    expect(all).not.toContain('"webhooks"');
  });

  it('builds for a browser with core inlined: no Node built-in is reachable', async () => {
    // esbuild refuses to resolve `node:*`/`fs`… for the browser platform, so this throws
    // if the SDK or core ever imports one.
    await expect(bundle(`export * from './src/index.ts';`, ['zod', 'ky'])).resolves.toContain(
      '"health-checks"',
    );
  });

  it('would notice a Node built-in (so the check above can fail)', async () => {
    await expect(bundle(`export { inspect } from 'node:util';`, [])).rejects.toThrow(/node:util/);
  });
});

// zod's classic and core APIs both name their classes in strings that survive minification.
const ZOD_MARKERS = /ZodError|\$ZodType/;

describe('the published unvalidated entry (dist, core as published)', () => {
  // As an app gets them: this package's dist and core's published ES modules, ky inlined.
  const published = (code: string) => bundle(code, [], []);

  beforeAll(() => {
    // `pnpm test` builds first (turbo); a bare vitest run must not skip this silently.
    const built = existsSync(join(root, 'dist/unvalidated.js'));
    expect(built, 'build the package first: pnpm --filter @waygate/health-client build').toBe(true);
  });

  it('carries neither zod nor core’s schemas, whatever an app imports from it', async () => {
    const client = await published(`export { createHealthClient } from './dist/unvalidated.js';`);
    expect(client).toContain('"health-checks"');
    expect(client).not.toMatch(ZOD_MARKERS);
    const everything = await published(`export * from './dist/unvalidated.js';`);
    expect(everything).toContain('"webhooks"');
    expect(everything).not.toMatch(ZOD_MARKERS);
  });

  it('would notice zod: the validating entry carries it (so the check above can fail)', async () => {
    const client = await published(`export { createHealthClient } from './dist/index.js';`);
    expect(client).toMatch(ZOD_MARKERS);
  });

  it('shares the error classes of the main entry, in ESM and in CommonJS', async () => {
    const entry = (name: string) => pathToFileURL(join(root, 'dist', name)).href;
    const [main, unvalidated] = await Promise.all([
      import(entry('index.js')),
      import(entry('unvalidated.js')),
    ]);
    expect(unvalidated.NotFoundError).toBe(main.NotFoundError);
    expect(unvalidated.ResponseValidationError).toBe(main.ResponseValidationError);
    // CommonJS in a plain Node (vitest's own resolution would load core's sources).
    const same = execFileSync(
      process.execPath,
      [
        '-e',
        `const main = require('./dist/index.cjs'), unvalidated = require('./dist/unvalidated.cjs');
        process.stdout.write(String(main.NotFoundError === unvalidated.NotFoundError));`,
      ],
      { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    expect(same).toBe('true');
  });
});
