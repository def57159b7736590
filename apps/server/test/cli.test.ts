import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
      ['--conditions=@waygate/source', '--import', 'tsx', CLI, ...args],
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

type Run = typeof run;

/** `serve` in a child process; resolves once it listens. */
async function startServe(extra?: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--conditions=@waygate/source', '--import', 'tsx', CLI, 'serve'],
    {
      env: env(extra),
    },
  );
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 60_000);
    child.stdout.on('data', (d) => {
      output += d;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
  });
  return { child, url, output };
}

/**
 * `key create`, `key list`, `key revoke` against a running server at `url` (on either
 * database): the new key works, the revoked one is refused by the very next request. Returns
 * the new key.
 */
async function rotateKeys(
  cli: Run,
  url: string,
  tenant: { tenantId: string; keyId: string; apiKey: string },
): Promise<string> {
  const status = async (apiKey: string) =>
    (await fetch(`${url}/api/v1/connections`, { headers: { authorization: `Bearer ${apiKey}` } }))
      .status;
  expect(await status(tenant.apiKey)).toBe(200);

  const created = await cli(['key', 'create', '--tenant', tenant.tenantId, '--json']);
  expect(created.code, created.stderr).toBe(0);
  const key = JSON.parse(created.stdout) as { keyId: string; apiKey: string };
  expect(Object.keys(key).sort()).toEqual(['apiKey', 'keyId']);
  expect(key.keyId).toMatch(/^key_/);
  expect(key.apiKey).toMatch(/^wgh_/);
  expect(await status(key.apiKey)).toBe(200);

  const listed = await cli(['key', 'list', '--tenant', tenant.tenantId, '--json']);
  expect(listed.code, listed.stderr).toBe(0);
  const keys = JSON.parse(listed.stdout) as Record<string, string | null>[];
  expect(keys.map((k) => k.keyId)).toEqual([tenant.keyId, key.keyId]);
  for (const k of keys) {
    expect(Object.keys(k).sort()).toEqual(['createdAt', 'keyId', 'lastUsedAt', 'revokedAt']);
    expect(k.revokedAt).toBeNull();
  }
  expect(keys[0]!.lastUsedAt).toMatch(/^\d{4}-/); // used above

  const revoked = await cli(['key', 'revoke', tenant.keyId, '--json']);
  expect(revoked.code, revoked.stderr).toBe(0);
  const answer = JSON.parse(revoked.stdout) as { keyId: string; revokedAt: string };
  expect(answer).toEqual({ keyId: tenant.keyId, revokedAt: expect.stringMatching(/^\d{4}-/) });
  // At once: the running server refuses the revoked key and still takes the new one.
  expect(await status(tenant.apiKey)).toBe(401);
  expect(await status(key.apiKey)).toBe(200);

  const human = await cli(['key', 'list', '--tenant', tenant.tenantId]);
  expect(human.code, human.stderr).toBe(0);
  expect(human.stdout).toContain(`revoked ${answer.revokedAt}`);
  expect(human.stdout).toContain(key.keyId);
  expect(human.stdout.trim().startsWith('[')).toBe(false);

  const unknown = await cli(['key', 'revoke', 'key_01JZZZZZZZZZZZZZZZZZZZZZZZ']);
  expect(unknown.code).toBe(1);
  expect(unknown.stdout).toBe('');
  expect(unknown.stderr).toBe('Unknown API key key_01JZZZZZZZZZZZZZZZZZZZZZZZ\n');
  const unknownTenant = await cli(['key', 'create', '--tenant', 'ten_01JZZZZZZZZZZZZZZZZZZZZZZZ']);
  expect(unknownTenant.code).toBe(1);
  expect(unknownTenant.stderr).toBe('Unknown tenant ten_01JZZZZZZZZZZZZZZZZZZZZZZZ\n');
  return key.apiKey;
}

it('tenant create, serve, tenant create and key rotation over the admin channel, second opener refused', async () => {
  const bad = await run(['migrate'], { PORT: 'eighty' });
  expect(bad.code).toBe(1);
  expect(bad.stderr.trim()).toBe('Invalid environment variable PORT: must be a whole number');

  const first = await run(['tenant', 'create', '--name', 'Acme', '--json']);
  expect(first.code, first.stderr).toBe(0);
  const tenant = JSON.parse(first.stdout) as { tenantId: string; keyId: string; apiKey: string };
  expect(tenant.tenantId).toMatch(/^ten_/);
  expect(tenant.keyId).toMatch(/^key_/);
  expect(tenant.apiKey).toMatch(/^wgh_/);

  const { child: server, url, output: out } = await startServe();
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

  // Key rotation while the server holds the embedded database: through the admin channel, and
  // effective on the running server at once.
  const rotated = await rotateKeys(run, url, tenant);

  const migrate = await run(['migrate']);
  expect(migrate.code).toBe(1);
  expect(migrate.stderr).toMatch(/in use by another process/);
  const sweepWhileServing = await run(['sweep', '--json']);
  expect(sweepWhileServing.code).toBe(1);
  expect(sweepWhileServing.stderr).toMatch(/a server is running/);

  // A connection for the one-off sweep below to check once the server is gone.
  const headers = { authorization: `Bearer ${rotated}`, 'content-type': 'application/json' };
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

  // Ctrl-C: a clean drain ends with exit code 0, not a signal death (which a script runner
  // reports as a failed command).
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    server.on('exit', (code, signal) => resolve([code, signal])),
  );
  server.kill('SIGINT');
  expect(await exited).toEqual([0, null]);
  expect(existsSync(join(dataDir, 'waygate.lock'))).toBe(false);

  // Without a server, key commands open the data directory themselves.
  const offline = await run(['key', 'list', '--tenant', tenant.tenantId, '--json']);
  expect(offline.code, offline.stderr).toBe(0);
  expect(
    (JSON.parse(offline.stdout) as { revokedAt: string | null }[]).map((k) => !!k.revokedAt),
  ).toEqual([true, false]);

  // `sweep --json` checks every due connection once and prints the summary on stdout. The
  // server is down, so the check fails (connection refused): exactly what a sweep must record.
  const sweep = await run(['sweep', '--json'], { WAYGATE_OUTBOUND_ALLOW: '127.0.0.1' });
  expect(sweep.code, sweep.stderr).toBe(0);
  const summary = JSON.parse(sweep.stdout);
  expect(summary).toMatchObject({ claimed: 1, checked: 1, unhealthy: 1, outboundCalls: 1 });
}, 300_000);

// Without DATABASE_URL this test shows as skipped; test/support/global-setup.ts says why, once.
const POSTGRES = process.env.DATABASE_URL;

it.skipIf(!POSTGRES)(
  'key create, list, revoke on PostgreSQL: effective on a running server at once',
  async () => {
    const { default: pg } = await import('pg');
    const name = `waygate_cli_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(POSTGRES!);
    target.pathname = `/${name}`;
    const extra = {
      DATABASE_URL: target.toString(),
      WAYGATE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WAYGATE_SCHEDULER: 'off',
    };
    const pgRun: Run = (args) => run(args, extra);
    try {
      const created = await pgRun(['tenant', 'create', '--name', 'Pg', '--json']);
      expect(created.code, created.stderr).toBe(0);
      const tenant = JSON.parse(created.stdout) as {
        tenantId: string;
        keyId: string;
        apiKey: string;
      };
      expect(tenant.keyId).toMatch(/^key_/);
      const server = await startServe(extra);
      try {
        await rotateKeys(pgRun, server.url, tenant);
      } finally {
        const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
          server.child.on('exit', (code, signal) => resolve([code, signal])),
        );
        server.child.kill('SIGTERM');
        expect(await exited).toEqual([0, null]);
      }
    } finally {
      const cleanup = new pg.Client({ connectionString: POSTGRES });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    }
  },
  300_000,
);
