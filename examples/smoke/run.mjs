// The examples as a new user gets them: our packages packed into tarballs, installed with npm
// into each example (never workspace links), built, and run against a real server:
//   node-esm  creates an integration, a connection and a manual check (the SDK from ESM)
//   node-cjs  lists the connections (the SDK from require())
//   vite-react  built with Vite, served from its own origin, opened in headless Chromium
//   nextjs    `next build`, `next start`; the badge is rendered by a Server Component
// Each page must show live data and pass axe with zero violations. CI runs this from .ci/run.
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { packAll, repoRoot } from './pack.mjs';

const require = createRequire(import.meta.url);
const examples = join(repoRoot, 'examples');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const started = Date.now();
const children = [];
const servers = [];
const log = (message) =>
  console.log(`examples smoke [${((Date.now() - started) / 1000).toFixed(0)} s]: ${message}`);

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: 'pipe', ...options });
}

async function runAsync(command, args, options) {
  const { stdout } = await promisify(execFile)(command, args, { encoding: 'utf8', ...options });
  return stdout;
}

/** npm install from the tarballs; a warning about engines fails the run (finding 7). */
function npmInstallChecked(name) {
  const dir = join(examples, name);
  rmSync(join(dir, 'node_modules/@waygate'), { recursive: true, force: true });
  const child = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=warn'],
    { cwd: dir, encoding: 'utf8' },
  );
  const stderr = child.stderr ?? '';
  if (child.status !== 0) throw new Error(`npm install failed in ${name}:\n${stderr}`);
  if (/EBADENGINE/.test(stderr)) throw new Error(`npm warned EBADENGINE in ${name}:\n${stderr}`);
  log(`${name}: installed from the tarballs`);
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, what, child) {
  for (let i = 0; i < 240; i++) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    try {
      const response = await fetch(url);
      if (response.ok || response.status === 404) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not answer at ${url}`);
}

function startProcess(command, args, options) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  child.output = () => output;
  children.push(child);
  return child;
}

/** A static file server for the Vite build (any path without an extension gets index.html). */
async function serveStatic(dir, port) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    let file = join(dir, path);
    try {
      if (!extname(path) || !statSync(file).isFile()) file = join(dir, 'index.html');
    } catch {
      file = join(dir, 'index.html');
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  servers.push(server);
}

/** The API the examples watch: a loopback upstream that answers every call. */
async function startUpstream() {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

async function checkPage(browser, url, name) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(url);
    // Live data from the real server, through CORS from this page's own origin.
    await page.waitForSelector('[data-slot="summary-totals"]', { timeout: 30_000 });
    await page.waitForSelector(
      '[data-testid="connection-list"] [data-slot="health-status-badge"][data-state="healthy"]',
      { timeout: 30_000 },
    );
    await page.waitForSelector('[data-slot="health-check-timeline"] [role="toolbar"]', {
      timeout: 30_000,
    });
    // Host CSS (a starter's `#root { text-align: center }`) does not leak into the card.
    const align = await page.$eval(
      '[data-slot="health-summary-card"]',
      (element) => getComputedStyle(element).textAlign,
    );
    if (align !== 'start') throw new Error(`${name}: the card inherited text-align ${align}`);
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core'), 'utf8') });
    const violations = await page.evaluate(async () => {
      const result = await globalThis.axe.run(document);
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
    });
    if (violations.length > 0) throw new Error(`${name}: axe violations\n${violations.join('\n')}`);
    if (errors.length > 0) throw new Error(`${name}: page errors\n${errors.join('\n')}`);
    log(`${name}: live data, scoped styles, axe 0 violations`);
  } finally {
    await page.close();
  }
}

async function main() {
  packAll({ build: !process.argv.includes('--no-build') });
  log('packed core, client and react');
  for (const name of ['node-esm', 'node-cjs', 'vite-react', 'nextjs']) npmInstallChecked(name);

  const [apiPort, vitePort, nextPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const viteOrigin = `http://localhost:${vitePort}`;
  const nextOrigin = `http://localhost:${nextPort}`;
  const data = await mkdtemp(join(tmpdir(), 'waygate-examples-'));
  const cli = join(repoRoot, 'apps/server/dist/cli.js');
  // CI has built it (`pnpm test` builds first); a developer may not have.
  if (!existsSync(cli)) {
    run('pnpm', ['--filter', '@waygate/health-server', 'run', 'build'], { cwd: repoRoot });
  }
  const serverEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    WAYGATE_DATA_DIR: join(data, 'db'),
    PORT: String(apiPort),
    WAYGATE_OUTBOUND_ALLOW: '127.0.0.1',
    WAYGATE_SCHEDULER: 'off',
    WAYGATE_CORS_ORIGINS: `${viteOrigin},${nextOrigin}`,
  };
  const tenant = JSON.parse(
    run('node', [cli, 'tenant', 'create', '--name', 'Examples', '--json'], { env: serverEnv }),
  );
  const server = startProcess('node', [cli, 'serve'], { env: serverEnv });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitFor(`${apiUrl}/healthz`, 'the server', server);
  log('server up');

  const sdkEnv = {
    ...process.env,
    WAYGATE_URL: apiUrl,
    WAYGATE_API_KEY: tenant.apiKey,
    UPSTREAM_URL: await startUpstream(),
  };
  // Asynchronous: the upstream the check calls lives in this process's event loop.
  const esm = await runAsync('node', ['index.mjs'], {
    cwd: join(examples, 'node-esm'),
    env: sdkEnv,
  });
  if (!/check healthy/.test(esm)) throw new Error(`node-esm printed:\n${esm}`);
  const cjs = await runAsync('node', ['index.cjs'], {
    cwd: join(examples, 'node-cjs'),
    env: sdkEnv,
  });
  if (!/Example customer: healthy/.test(cjs)) throw new Error(`node-cjs printed:\n${cjs}`);
  log('node-esm and node-cjs ran against the server');

  const viteDir = join(examples, 'vite-react');
  run('node', [join(viteDir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: viteDir,
    env: { ...process.env, VITE_WAYGATE_URL: apiUrl, VITE_WAYGATE_API_KEY: tenant.apiKey },
  });
  await serveStatic(join(viteDir, 'dist'), vitePort);
  log('vite-react built');

  const nextDir = join(examples, 'nextjs');
  const nextEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    WAYGATE_URL: apiUrl,
    WAYGATE_API_KEY: tenant.apiKey,
    NEXT_PUBLIC_WAYGATE_URL: apiUrl,
    NEXT_PUBLIC_WAYGATE_API_KEY: tenant.apiKey,
  };
  // Next's own binary, not npx: stopping it at the end must stop the server, not a wrapper.
  const nextBin = join(nextDir, 'node_modules/next/dist/bin/next');
  run('node', [nextBin, 'build'], { cwd: nextDir, env: nextEnv });
  log('nextjs: next build passed');
  const next = startProcess('node', [nextBin, 'start', '-p', String(nextPort), '-H', '127.0.0.1'], {
    cwd: nextDir,
    env: nextEnv,
  });
  await waitFor(`${nextOrigin}/`, 'next start', next);
  // The Server Component rendered the badges and the prefetched card into the HTML itself.
  const html = await (await fetch(`${nextOrigin}/`)).text();
  if (!/data-slot="health-status-badge"[^>]*data-state="healthy"/.test(html)) {
    throw new Error('nextjs: no server-rendered badge in the HTML');
  }
  if (!html.includes('data-slot="summary-totals"')) {
    throw new Error('nextjs: the summary card was not prefetched on the server');
  }
  log('nextjs: badge and prefetched summary in the server HTML');

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  try {
    await checkPage(browser, `${viteOrigin}/`, 'vite-react');
    await checkPage(browser, `${nextOrigin}/`, 'nextjs');
  } finally {
    await browser.close();
  }
  rmSync(data, { recursive: true, force: true });
  log('passed');
}

function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill();
  for (const server of servers) server.close();
}

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (error) => {
    console.error(`examples smoke FAILED: ${error.stack ?? error}`);
    for (const child of children) console.error(child.output().slice(-4000));
    cleanup();
    process.exit(1);
  },
);
