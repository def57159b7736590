/**
 * Dashboard load benchmark: with many connections (10,000 by default) and days of history seeded
 * on the real server (PGlite), how long from navigation until
 *   - the connection list is interactive (first page of rows rendered with their Check-now
 *     buttons, in a fresh browser context: HTML, JS, the API calls and the render), and
 *   - the summary widget is rendered (totals on the overview)?
 * Target: under 1.5 s each. Prints figures; asserts nothing.
 *
 *   pnpm --filter @waygate/health-dashboard bench
 *   BENCH_CONNECTIONS=2000 BENCH_HISTORY_DAYS=2 pnpm --filter @waygate/health-dashboard bench
 */
import { performance } from 'node:perf_hooks';
import { createHealthClient, type HealthClient } from '@waygate/health-client';
import { fromPublicId, newUuid, toPublicId } from '@waygate/health-server';
import type { Browser } from 'playwright-core';
import { ensureHealthCheckPartitions } from '../../server/src/db/partitions';
import { runSweep } from '../../server/src/scheduler/check-pipeline';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../e2e/support/chromium';
import { type BareStack, startTestStackBare } from '../e2e/support/test-stack';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10_000);
const HISTORY_DAYS = Number(process.env.BENCH_HISTORY_DAYS ?? 7);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 1_500;
const DAY_MS = 86_400_000;

const ms = (value: number) => `${Math.round(value)} ms`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * 80 % healthy, 12 % degraded (credential expiring within the hour), 8 % unhealthy (HTTP 500).
 * Integrations and actions go through the API. The 10,000 connection rows are written in bulk
 * with the server's own id scheme and credential cipher (the same INSERT as its
 * `createConnection`, 1,000 rows per statement): 10,000 API calls take minutes on PGlite, and
 * the API path is what the e2e suite covers.
 */
async function seedConnections(client: HealthClient, stack: BareStack) {
  const make = async (name: string, authType: 'bearer' | 'oauth2', path: string) => {
    const integration = await client.integrations.create({
      name,
      baseUrl: `${stack.sandbox.url}/${name.toLowerCase().replace(/\W+/g, '-')}`,
      authType,
      // Daily checks: each history day is one sweep; the scheduler still treats them as real.
      healthCheckConfig: { enabled: true, intervalMinutes: 1440 },
    });
    await client.actions.create(integration.id, {
      name: 'Probe',
      method: 'GET',
      path,
      tags: ['health-check'],
    });
    return integration;
  };
  const healthy = await make('Acme CRM', 'bearer', '/me');
  const expiring = await make('Globex Billing', 'oauth2', '/me');
  const failing = await make('Initech Helpdesk', 'bearer', '/tickets');
  const expiresAt = new Date(Date.now() + 40 * 60_000).toISOString();
  const { db, cipher } = stack.server.deps;
  const tenantUuid = fromPublicId('tenant', stack.tenantId)!;
  const BATCH = 1_000;
  for (let start = 0; start < CONNECTIONS; start += BATCH) {
    const rows = {
      id: [] as string[],
      integration: [] as string[],
      name: [] as string[],
      type: [] as string[],
      secret: [] as string[],
      expires: [] as (string | null)[],
    };
    for (let i = start; i < Math.min(CONNECTIONS, start + BATCH); i += 1) {
      const bucket = i % 100;
      const integration = bucket < 80 ? healthy : bucket < 92 ? expiring : failing;
      const credentials =
        integration === expiring
          ? ({ type: 'oauth2', accessToken: `t${i}`, expiresAt } as const)
          : ({ type: 'bearer', token: `t${i}` } as const);
      const id = newUuid();
      rows.id.push(id);
      rows.integration.push(fromPublicId('integration', integration.id)!);
      rows.name.push(`Customer ${String(i).padStart(5, '0')}`);
      rows.type.push(credentials.type);
      rows.secret.push(
        cipher.encrypt(credentials, `${stack.tenantId}:${toPublicId('connection', id)}`),
      );
      rows.expires.push(credentials.type === 'oauth2' ? expiresAt : null);
    }
    await db.query(
      `INSERT INTO connections (id, tenant_id, integration_id, name, status, credential_type,
         credentials_ciphertext, credential_expires_at, next_check_at, created_at, updated_at)
       SELECT id, $1, integration_id, name, 'active', credential_type, secret, expires, NULL, now(), now()
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
           AS t(id, integration_id, name, credential_type, secret, expires)`,
      [tenantUuid, rows.id, rows.integration, rows.name, rows.type, rows.secret, rows.expires],
    );
  }
}

/**
 * Marks, in page time (ms since navigation start), when each view first became usable. A string,
 * not a function: tsx would decorate a function with helpers the page does not have.
 */
const MARKS_SCRIPT = `
  const marks = {};
  window.__marks = marks;
  const check = () => {
    if (!marks.list
      && document.querySelector('[data-slot="connection-row"] [data-slot="check-now"] button:not([disabled])')
      && document.querySelector('[data-slot="page-range"]')) marks.list = performance.now();
    if (!marks.summary && document.querySelector('[data-slot="summary-totals"]')) marks.summary = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
`;

async function measure(
  browser: Browser,
  url: string,
  apiKey: string,
  path: string,
  mark: 'list' | 'summary',
) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({
    content: `sessionStorage.setItem('waygate-health.api-key', ${JSON.stringify(apiKey)});`,
  });
  await context.addInitScript({ content: MARKS_SCRIPT });
  const page = await context.newPage();
  await page.goto(`${url}${path}`);
  const expression = `window.__marks && window.__marks[${JSON.stringify(mark)}]`;
  await page.waitForFunction(expression, undefined, { timeout: 60_000 });
  const value = Number(await page.evaluate(expression));
  if (process.env.BENCH_VERBOSE) {
    // Where the time went: every request of the page, start and end in page time.
    const entries = await page.evaluate(
      `[...performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd)]), ...performance.getEntriesByType('mark').map((e) => [e.name, Math.round(e.startTime)])]`,
    );
    console.log(`  ${path} → ${mark} at ${Math.round(value)} ms`, JSON.stringify(entries));
  }
  await context.close();
  return value;
}

async function main() {
  if (!chromiumAvailable()) return;
  console.log(`Seeding ${CONNECTIONS} connections and ${HISTORY_DAYS} days of daily checks…`);
  const stack = await startTestStackBare();
  try {
    const client = createHealthClient({ baseUrl: stack.url, apiKey: stack.apiKey, retry: 0 });
    let t = performance.now();
    await seedConnections(client, stack);
    const createMs = performance.now() - t;
    console.log(`  wrote ${CONNECTIONS} connection rows in ${ms(createMs)}`);

    // History: one sweep per simulated day, oldest first, each a real scheduler sweep (claim,
    // one loopback call per connection, batched writes, events), with the clock set to that day.
    const { deps } = stack.server;
    const realNow = Date.now();
    await ensureHealthCheckPartitions(deps.db, new Date(realNow), { daysBack: HISTORY_DAYS + 1 });
    t = performance.now();
    let checks = 0;
    for (let day = HISTORY_DAYS - 1; day >= 0; day -= 1) {
      const at = new Date(realNow - day * DAY_MS);
      const summary = await runSweep(
        {
          db: deps.db,
          cipher: deps.cipher,
          prober: deps.prober,
          logger: deps.logger,
          now: () => at,
        },
        {
          owner: `bench-${day}`,
          concurrency: 64,
          tenantConcurrency: 64,
          hostConcurrency: 64,
          hostRequestsPerSecond: 100_000,
          checkTimeoutMs: 5_000,
        },
      );
      checks += summary.checked;
    }
    const sweepMs = performance.now() - t;
    console.log(`  ran ${HISTORY_DAYS} sweeps: ${checks} checks in ${ms(sweepMs)}`);
    const totals = await client.summary({ limit: 1 });
    console.log(
      `  tenant: ${totals.totalConnections} connections (${totals.healthy} healthy, ${totals.degraded} degraded, ${totals.unhealthy} unhealthy, ${totals.neverChecked} not checked), uptime 24 h ${totals.uptimeLast24h}%`,
    );

    const browser = await launchChromium();
    try {
      // One warm-up of each page (server caches, disk) that is not counted.
      await measure(browser, stack.url, stack.apiKey, '/connections', 'list');
      await measure(browser, stack.url, stack.apiKey, '/', 'summary');
      const list: number[] = [];
      const summary: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        list.push(await measure(browser, stack.url, stack.apiKey, '/connections', 'list'));
        summary.push(await measure(browser, stack.url, stack.apiKey, '/', 'summary'));
      }
      console.log(
        `\nHeadless Chromium (${CHROMIUM_PATH}), fresh context per run, ${RUNS} runs, ${CONNECTIONS} connections:`,
      );
      const line = (label: string, values: number[]) =>
        console.log(
          `  ${label.padEnd(44)} median ${ms(median(values)).padStart(7)}  max ${ms(Math.max(...values)).padStart(7)}  (target < ${TARGET_MS} ms) ${median(values) < TARGET_MS ? 'OK' : 'OVER'}`,
        );
      line('navigation → connection list interactive', list);
      line('navigation → summary widget rendered', summary);
    } finally {
      await browser.close();
    }
  } finally {
    await stack.stop();
  }
}

await main();
