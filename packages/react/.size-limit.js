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
    name: 'badge: import { HealthStatusBadge } (without react, react-dom, radix)',
    path: 'dist/index.js',
    import: '{ HealthStatusBadge }',
    ignore: [...peers, '@radix-ui/react-tooltip'],
    limit: '8 kB',
    ...common,
  },
  {
    name: 'main entry: all of @waygate/health-react (without react, react-dom, radix)',
    path: 'dist/index.js',
    import: '*',
    ignore: [...peers, '@radix-ui/react-tooltip'],
    limit: '25 kB',
    ...common,
  },
  {
    // Radix Tooltip alone is ~20 kB (floating-ui, portal, dismissable layer): tracked, not hidden.
    name: 'main entry including @radix-ui/react-tooltip',
    path: 'dist/index.js',
    import: '*',
    ignore: peers,
    limit: '32 kB',
    ...common,
  },
  {
    name: 'charts entry: @waygate/health-react/charts (with recharts)',
    path: 'dist/charts.js',
    import: '*',
    ignore: peers,
    limit: '125 kB',
    ...common,
  },
];
