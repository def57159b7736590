// pnpm bench:bundle — what our packages add to a real app. Each scenario is a tiny Vite app
// whose node_modules come from `npm install` of the packed tarballs (as a user gets them); it
// is built with Vite (production, minified) and every emitted JS file is gzipped and summed.
// React scenarios are reported over a baseline app that renders React alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { packAll } from '../smoke/pack.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = join(here, '.scenarios');

const react = (body) => `import { createRoot } from 'react-dom/client';
${body}
createRoot(document.getElementById('root')).render(<App />);`;

// The widgets use the SDK entry without response validation: zod stays out of the app.
const widgets = `import { createHealthClient } from '@waygate/health-client/unvalidated';
import { HealthClientProvider, HealthCheckTimeline, HealthStatusBadge, HealthSummaryCard, useConnections } from '@waygate/health-react';
const client = createHealthClient({ baseUrl: location.origin, apiKey: 'key' });
function Rows() {
  const { data } = useConnections();
  return data?.data.map((c) => <HealthStatusBadge key={c.id} connection={c} />);
}
function App() {
  return (
    <HealthClientProvider client={client}>
      <HealthSummaryCard /><Rows /><HealthCheckTimeline connectionId="conn_1" />
    </HealthClientProvider>
  );
}`;

const sdkCall = (entry) => `import { createHealthClient } from '${entry}';
const client = createHealthClient({ baseUrl: location.origin, apiKey: 'key' });
client.summary().then((s) => { document.body.textContent = String(s.totalConnections); });`;

/** name, what it is, entry source, budget in kB gzip (null: reported only), over baseline? */
const SCENARIOS = [
  [
    'baseline',
    'React + React DOM rendering one element',
    react('function App() { return <p>app</p>; }'),
    null,
    false,
  ],
  [
    'badge',
    'one <HealthStatusBadge status> from props',
    react(`import { HealthStatusBadge } from '@waygate/health-react';
function App() { return <HealthStatusBadge status="degraded" reasons={['latency_high']} />; }`),
    15,
    true,
  ],
  [
    'sdk-unvalidated',
    'createHealthClient from /unvalidated + one call, with ky, no zod (no React)',
    sdkCall('@waygate/health-client/unvalidated'),
    20,
    false,
  ],
  [
    'sdk',
    'createHealthClient (validating responses) + one call, with ky and zod (no React)',
    sdkCall('@waygate/health-client'),
    null,
    false,
  ],
  [
    'widgets',
    'summary card + badges from a list + timeline, with provider, SDK (/unvalidated) and react-query',
    react(widgets),
    45,
    true,
  ],
  [
    'charts',
    'LatencyChart + UptimeBar from /charts (with Recharts)',
    react(`import { LatencyChart, UptimeBar } from '@waygate/health-react/charts';
function App() { return <><LatencyChart connectionId="conn_1" /><UptimeBar connectionId="conn_1" /></>; }`),
    null,
    true,
  ],
];

function buildScenario(name, source) {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><div id="root"></div><script type="module" src="./main.jsx"></script>',
  );
  writeFileSync(join(dir, 'main.jsx'), source);
  writeFileSync(
    join(dir, 'vite.config.js'),
    `import react from '@vitejs/plugin-react';
export default { plugins: [react()], logLevel: 'error', build: { outDir: 'dist', modulePreload: { polyfill: false } } };`,
  );
  execFileSync('node', [join(here, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: dir,
    stdio: 'inherit',
  });
  const assets = join(dir, 'dist/assets');
  let raw = 0;
  let gzip = 0;
  for (const file of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(join(assets, file));
    raw += code.length;
    gzip += gzipSync(code).length;
  }
  return { raw, gzip };
}

const kB = (bytes) => (bytes / 1000).toFixed(2);

packAll({ build: !process.argv.includes('--no-build') });
rmSync(join(here, 'node_modules/@waygate'), { recursive: true, force: true });
const install = spawnSync(
  'npm',
  ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'],
  {
    cwd: here,
    encoding: 'utf8',
  },
);
if (install.status !== 0) throw new Error(install.stderr);

const results = new Map(SCENARIOS.map(([name, , source]) => [name, buildScenario(name, source)]));
const baseline = results.get('baseline');
const rows = SCENARIOS.map(([name, what, , budget, overBaseline]) => {
  const { raw, gzip } = results.get(name);
  const measured = overBaseline ? gzip - baseline.gzip : gzip;
  const verdict = budget === null ? 'reported' : measured <= budget * 1000 ? 'within' : 'OVER';
  return { name, what, raw, gzip, measured, budget, overBaseline, verdict };
});

console.log(
  `\nBundle sizes: Vite ${JSON.parse(readFileSync(join(here, 'node_modules/vite/package.json'), 'utf8')).version} production builds of the packed tarballs, JS gzip (zlib default level)\n`,
);
console.log('| scenario | what | JS min | JS gzip | measured | budget | |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
for (const r of rows) {
  const measured =
    r.name === 'baseline'
      ? '(baseline)'
      : `${kB(r.measured)} kB${r.overBaseline ? ' over baseline' : ''}`;
  const budget = r.budget === null ? '—' : `≤ ${r.budget} kB`;
  console.log(
    `| ${r.name} | ${r.what} | ${kB(r.raw)} kB | ${kB(r.gzip)} kB | ${measured} | ${budget} | ${r.name === 'baseline' ? '' : r.verdict} |`,
  );
}
rmSync(scratch, { recursive: true, force: true });
if (rows.some((r) => r.verdict === 'OVER')) process.exitCode = 1;
