// Import rules of the server (issue 17): one direction, routes → services → runner / outbound / db.
// `pnpm lint` runs `depcruise` with this file; apps/server/test/import-rules.test.ts plants a
// violation of each rule and checks that depcruise fails on it.
const SRC = '^apps/server/src/';
const ROUTE_LAYER = `${SRC}(routes|http)/|${SRC}(app|openapi)\\.ts$`;
const SERVICES = `${SRC}services/`;
const LOWER = `${SRC}(runner|outbound|db|crypto|rollups|prometheus)/`;
const ENTRY_POINTS = `${SRC}(serve-command|cli|index)\\.ts$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lower-layers-stay-below',
      comment:
        'runner, outbound, db, crypto, rollups and prometheus are called by services and the ' +
        'scheduler; they never reach back up into services, the scheduler or the HTTP layer.',
      severity: 'error',
      from: { path: LOWER },
      to: { path: `${SERVICES}|${SRC}scheduler/|${ROUTE_LAYER}|${ENTRY_POINTS}` },
    },
    {
      name: 'services-below-routes',
      comment: 'Services are called by routes; they never import the HTTP layer or the scheduler.',
      severity: 'error',
      from: { path: SERVICES },
      to: { path: `${ROUTE_LAYER}|${SRC}scheduler/|${ENTRY_POINTS}` },
    },
    {
      name: 'routes-call-services',
      comment:
        'A route validates, calls a service and answers: it does not run checks, query the ' +
        'database or decrypt itself (type-only imports of the dependencies it passes on are fine).',
      severity: 'error',
      from: { path: `${SRC}routes/` },
      to: {
        path: `${SRC}(runner|db|crypto|rollups|scheduler)/`,
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'http-layer-only-from-routes',
      comment:
        'Hono contexts, validation of requests and route files are used by routes and the app ' +
        'only; feature modules (webhooks, notifications, badges, reports) and the scheduler do ' +
        'not import them.',
      severity: 'error',
      from: {
        path: SRC,
        pathNot: `${ROUTE_LAYER}|${SRC}testing/|${ENTRY_POINTS}|\\.test\\.ts$`,
      },
      to: { path: ROUTE_LAYER },
    },
    {
      name: 'entry-points-are-not-libraries',
      comment:
        'serve-command.ts and cli.ts start the process; nothing imports them but the CLI (the ' +
        'scheduler takes its contract from background-service.ts).',
      severity: 'error',
      from: { path: SRC, pathNot: `${SRC}(cli|index)\\.ts$` },
      to: { path: `${SRC}(serve-command|cli)\\.ts$` },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other cannot be understood (or loaded) one at a time.',
      severity: 'error',
      from: { path: SRC },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules|/dist/' },
    // See `import type` too, so that type-only imports can be told apart (and allowed) above.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@waygate/source', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
