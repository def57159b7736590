/**
 * `npx tsx --conditions=@waygate/source bench/ecosystem.ts [--postgres]`: issue 14's costs,
 * in-process (no HTTP socket), on a fresh database (PGlite, or PostgreSQL with --postgres and
 * DATABASE_URL):
 *
 * - the badge SVG renderer (pure function) per second;
 * - `GET /badges/:token/status.svg` and `uptime.svg` (token lookup, status, rollups, render);
 * - `GET /metrics` (the whole exposition, process metrics included);
 * - the instrumentation a check pays (`countCheck`: two label lookups, a histogram);
 * - `GET /reports/uptime` over 400 days for 100 connections, JSON and CSV.
 *
 * Figures are printed beside targets chosen for this issue; the machine is shared, so read them
 * as orders of magnitude.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { renderBadge } from '../src/badges/render-badge';
import { countCheck } from '../src/prometheus/metrics';
import { createTestServer } from '../src/testing/test-server';

const { values } = parseArgs({ options: { postgres: { type: 'boolean', default: false } } });

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function timeRequests(n: number, run: () => Response | Promise<Response>) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const response = await run();
    await response.arrayBuffer();
    if (response.status >= 400) throw new Error(`status ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p95: pct(times, 95) };
}

const rows: [string, string, string][] = [];
const ms = (v: number) => `${v.toFixed(2)} ms`;

const server = await createTestServer({
  database: values.postgres ? 'postgres' : 'pglite',
  config: { metricsToken: 'bench-metrics-token-0123456789' },
});
try {
  // 1. The pure renderer.
  const n = 20_000;
  let started = performance.now();
  for (let i = 0; i < n; i++) {
    renderBadge({ label: `Connection ${i % 100}`, value: 'healthy', color: 'healthy' });
  }
  const perSecond = n / ((performance.now() - started) / 1000);
  rows.push(['renderBadge', `${Math.round(perSecond).toLocaleString('en')} /s`, '≥ 20,000 /s']);

  // 2. Instrumentation per check.
  const m = 1_000_000;
  started = performance.now();
  for (let i = 0; i < m; i++) {
    countCheck({ status: 'healthy', checkType: 'scheduled', latencyMs: i % 500 });
  }
  const nsPerCheck = ((performance.now() - started) * 1e6) / m;
  rows.push(['countCheck (per check)', `${nsPerCheck.toFixed(0)} ns`, '≤ 2,000 ns']);

  // 3. A tenant with 100 connections, one of them checked, and a badge token.
  const { tenantId, apiKey } = await server.createTenant('bench');
  const auth = { authorization: `Bearer ${apiKey}` };
  const post = (path: string, body: unknown) =>
    server.app.request(`/api/v1${path}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const integration = await (
    await post('/integrations', {
      name: 'Bench',
      baseUrl: 'https://api.example.com',
      authType: 'none',
    })
  ).json();
  const ids: string[] = [];
  for (let i = 0; i < 100; i++) {
    const created = await (
      await post('/connections', { integrationId: integration.data.id, name: `c${i}` })
    ).json();
    ids.push(created.data.id);
  }
  const token = (await (await post(`/connections/${ids[0]}/badge-tokens`, {})).json()).data;
  const statusPath = new URL(token.statusUrl).pathname;
  const uptimePath = `${new URL(token.uptimeUrl).pathname}?window=30d`;

  const status = await timeRequests(500, () => server.app.request(statusPath));
  rows.push(['GET status.svg p50 / p95', `${ms(status.p50)} / ${ms(status.p95)}`, 'p95 ≤ 25 ms']);
  const uptime = await timeRequests(500, () => server.app.request(uptimePath));
  rows.push(['GET uptime.svg p50 / p95', `${ms(uptime.p50)} / ${ms(uptime.p95)}`, 'p95 ≤ 25 ms']);

  const metricsHeaders = { authorization: 'Bearer bench-metrics-token-0123456789' };
  const scrape = await timeRequests(200, () =>
    server.app.request('/metrics', { headers: metricsHeaders }),
  );
  const size = (await (await server.app.request('/metrics', { headers: metricsHeaders })).text())
    .length;
  rows.push([
    `GET /metrics p50 / p95 (${(size / 1024).toFixed(1)} KiB)`,
    `${ms(scrape.p50)} / ${ms(scrape.p95)}`,
    'p95 ≤ 25 ms',
  ]);

  const to = new Date();
  const from = new Date(to.getTime() - 400 * 86_400_000 + 1);
  const query = `from=${from.toISOString()}&to=${to.toISOString()}`;
  for (const format of ['json', 'csv'] as const) {
    const report = await timeRequests(3, () =>
      server.app.request(`/api/v1/reports/uptime?${query}&format=${format}`, { headers: auth }),
    );
    rows.push([
      `report 400 days × 100 connections (${format}), median of 3`,
      ms(report.p50),
      '≤ 3,000 ms',
    ]);
  }
  void tenantId;
} finally {
  await server.close();
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(
  `ecosystem bench (${values.postgres ? 'PostgreSQL' : 'PGlite'}, in-process, shared machine)`,
);
for (const [name, value, target] of rows) {
  console.log(`${name.padEnd(width)}  ${value.padStart(22)}   target ${target}`);
}
