// Bundle budgets, measured on the built `dist/` as an app's bundler (esbuild) would include it:
// minified, gzipped, zod and ky left out as the shared dependencies they are. The
// `/unvalidated` entry never leaves zod out: it must not reach it at all.
//
// Core is measured from its ES modules (the `source` condition): that is the part of core the
// client really uses. Core's published build is currently one file, which bundlers cannot
// tree-shake (every top-level `z.object()` call is kept), so it drags in schemas the client
// never touches (webhooks, breaker defaults…); the last-but-one entry tracks that figure.
const fromCoreModules = (config) => ({
  ...config,
  conditions: ['@waygate/source', ...(config.conditions ?? [])],
});

export default [
  {
    name: 'createHealthClient: SDK + the core schemas it uses, zod and ky excluded (budget)',
    path: 'dist/index.js',
    import: '{ createHealthClient }',
    ignore: ['zod', 'ky'],
    modifyEsbuildConfig: fromCoreModules,
    gzip: true,
    limit: '7.9 kB',
  },
  {
    name: 'createHealthClient: SDK code only (core, zod and ky excluded)',
    path: 'dist/index.js',
    import: '{ createHealthClient }',
    ignore: ['zod', 'ky', '@waygate/health-core'],
    gzip: true,
    limit: '5 kB',
  },
  {
    name: 'one resource (createTransport + createHealthChecksResource), SDK code only',
    path: 'dist/index.js',
    import: '{ createTransport, createHealthChecksResource }',
    ignore: ['zod', 'ky', '@waygate/health-core'],
    gzip: true,
    limit: '4.2 kB',
  },
  {
    name: 'one resource with the core schemas it uses',
    path: 'dist/index.js',
    import: '{ createTransport, createHealthChecksResource }',
    ignore: ['zod', 'ky'],
    modifyEsbuildConfig: fromCoreModules,
    gzip: true,
    limit: '5.6 kB',
  },
  {
    name: 'opt-in webhooks resource (createTransport + createWebhooksResource) with its core schemas',
    path: 'dist/index.js',
    import: '{ createTransport, createWebhooksResource }',
    ignore: ['zod', 'ky'],
    modifyEsbuildConfig: fromCoreModules,
    gzip: true,
    limit: '6.1 kB',
  },
  {
    name: "createHealthClient with core's published build (ES modules per source module)",
    path: 'dist/index.js',
    import: '{ createHealthClient }',
    ignore: ['zod', 'ky'],
    gzip: true,
    limit: '7.9 kB',
  },
  {
    name: '/unvalidated createHealthClient: SDK + the core it uses, ky excluded, no zod (budget)',
    path: 'dist/unvalidated.js',
    import: '{ createHealthClient }',
    // zod is not ignored: were it reachable, this figure would jump by ~50 kB.
    ignore: ['ky'],
    modifyEsbuildConfig: fromCoreModules,
    gzip: true,
    limit: '4.9 kB',
  },
  {
    name: '/unvalidated createHealthClient with ky and core as published (no zod)',
    path: 'dist/unvalidated.js',
    import: '{ createHealthClient }',
    gzip: true,
    limit: '9.2 kB',
  },
  {
    name: 'createHealthClient with zod and ky included',
    path: 'dist/index.js',
    import: '{ createHealthClient }',
    gzip: true,
    limit: '110 kB',
  },
];
