import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// The CLI as a user runs it, on an embedded data directory: first `tenant create` without a
// server, then `serve`, then `tenant create` again while the server holds the directory.

const CLI = join(import.meta.dirname, '..', 'src', 'cli.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'waygate-cli-'));
const children: ChildProcess[] = [];

function env(extra: Record<string, string> = {}) {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return { ...rest, WAYGATE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: '0', ...extra };
}

function run(args: string[], extra?: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', CLI, ...args],
      {
        env: env(extra),
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('tenant create, serve, tenant create over the admin channel, second opener refused', async () => {
  const bad = await run(['migrate'], { PORT: 'eighty' });
  expect(bad.code).toBe(1);
  expect(bad.stderr.trim()).toBe('Invalid environment variable PORT: must be a whole number');

  const first = await run(['tenant', 'create', '--name', 'Acme', '--json']);
  expect(first.code, first.stderr).toBe(0);
  const tenant = JSON.parse(first.stdout) as { tenantId: string; apiKey: string };
  expect(tenant.tenantId).toMatch(/^ten_/);
  expect(tenant.apiKey).toMatch(/^wgh_/);

  const server = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, 'serve'], {
    env: env(),
  });
  children.push(server);
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    server.stdout.on('data', (d) => {
      out += d;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.stderr.on('data', (d) => {
      out += d;
    });
  });
  // A tenant already existed, so no default tenant was created.
  expect(out).not.toContain('wgh_');
  const ok = await fetch(`${url}/api/v1/connections`, {
    headers: { authorization: `Bearer ${tenant.apiKey}` },
  });
  expect(ok.status).toBe(200);

  const second = await run(['tenant', 'create', '--name', 'Beta', '--json']);
  expect(second.code, second.stderr).toBe(0);
  const beta = JSON.parse(second.stdout) as { apiKey: string };
  const viaServer = await fetch(`${url}/api/v1/integrations`, {
    headers: { authorization: `Bearer ${beta.apiKey}` },
  });
  expect(viaServer.status).toBe(200);

  const migrate = await run(['migrate']);
  expect(migrate.code).toBe(1);
  expect(migrate.stderr).toMatch(/in use by another process/);
  const sweepWhileServing = await run(['sweep', '--json']);
  expect(sweepWhileServing.code).toBe(1);
  expect(sweepWhileServing.stderr).toMatch(/a server is running/);

  // A connection for the one-off sweep below to check once the server is gone.
  const headers = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown) =>
    fetch(`${url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).then(
      (r) => r.json() as Promise<{ data: { id: string } }>,
    );
  const integration = await post('/integrations', {
    name: 'Own API',
    baseUrl: `${url}/healthz-target`,
    authType: 'none',
  });
  await post(`/integrations/${integration.data.id}/actions`, {
    name: 'Ping',
    method: 'GET',
    path: '/',
  });
  await post('/connections', { integrationId: integration.data.id, name: 'Own' });

  const exited = new Promise((resolve) => server.on('exit', resolve));
  server.kill('SIGTERM');
  await exited;
  expect(existsSync(join(dataDir, 'waygate.lock'))).toBe(false);

  // `sweep --json` checks every due connection once and prints the summary on stdout. The
  // server is down, so the check fails (connection refused): exactly what a sweep must record.
  const sweep = await run(['sweep', '--json'], { WAYGATE_OUTBOUND_ALLOW: '127.0.0.1' });
  expect(sweep.code, sweep.stderr).toBe(0);
  const summary = JSON.parse(sweep.stdout);
  expect(summary).toMatchObject({ claimed: 1, checked: 1, unhealthy: 1, outboundCalls: 1 });
}, 180_000);
