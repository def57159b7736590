import { defineConfig } from 'tsup';

// No `clean`: the two builds run in parallel; the build script empties dist first.
export default defineConfig([
  {
    // One ES module per source module (shared code in chunks): with `"sideEffects": false` an
    // app's bundler drops every module it does not import, so a badge that needs the reason
    // words never carries the zod schemas of webhooks or integrations. A single-file build
    // kept them all: bundlers cannot prove a top-level `z.object()` call pure.
    entry: ['src/**/*.ts', '!src/**/*.test.ts', '!src/**/*.test-d.ts'],
    format: ['esm'],
    splitting: true,
    dts: { entry: 'src/index.ts' },
    sourcemap: true,
    target: 'es2022',
  },
  {
    // CommonJS consumers (Node require) get one file; tree-shaking is a bundler concern.
    entry: ['src/index.ts'],
    format: ['cjs'],
    dts: { entry: 'src/index.ts' },
    sourcemap: true,
    target: 'es2022',
  },
]);
