// Bundle budgets, minified + gzipped. Peer dependencies (react, react-dom, @tanstack/react-query)
// belong to the host app and are never counted (size-limit leaves peers out by itself too).
const peers = ['react', 'react-dom', '@tanstack/react-query'];
// Read workspace packages (health-core) from their sources, as the app's bundler would from dist.
const modifyEsbuildConfig = (config) => ({
  ...config,
  conditions: ['@waygate/source', 'browser', 'import'],
});
const common = { gzip: true, modifyEsbuildConfig };

export default [
  {
    name: 'badge: import { HealthStatusBadge } (without react, react-dom)',
    path: 'dist/index.js',
    import: '{ HealthStatusBadge }',
    ignore: peers,
    limit: '8 kB',
    ...common,
  },
  {
    name: 'main entry: all of @waygate/health-react (without react, react-dom, react-query)',
    path: 'dist/index.js',
    import: '*',
    ignore: peers,
    limit: '25 kB',
    ...common,
  },
  {
    name: 'query entry: @waygate/health-react/query',
    path: 'dist/query.js',
    import: '*',
    ignore: peers,
    limit: '2 kB',
    ...common,
  },
  {
    name: 'charts entry: @waygate/health-react/charts (recharts, an optional peer, not counted)',
    path: 'dist/charts.js',
    import: '*',
    ignore: peers,
    limit: '8 kB',
    ...common,
  },
];
