import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `code` the way an app's bundler would, for a browser, minified. */
const bundle = async (code: string, external: string[]) => {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@waygate/source'],
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
