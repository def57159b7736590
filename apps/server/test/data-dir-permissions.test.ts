import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// The embedded data directory holds tenant names, URLs, API key hashes, check history and the
// encryption key: every directory in it must be 0700 and every file 0600 — under a umask of 022,
// for files PGlite creates while the server runs and at shutdown, and for a data directory an
// older version left with 0755/0644 modes. The server runs as a user would run it: `serve` in a
// child process started with umask 022.

const CLI = join(import.meta.dirname, '..', 'src', 'cli.ts');
const CHILD = join(import.meta.dirname, 'support', 'data-dir-child.ts');
const base = mkdtempSync(join(tmpdir(), 'waygate-perms-'));
const dataDir = join(base, 'data'); // created by the server
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

function env() {
  const { DATABASE_URL: _ignored, WAYGATE_ENCRYPTION_KEY: _key, ...rest } = process.env;
  return {
    ...rest,
    WAYGATE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PORT: '0',
    WAYGATE_OUTBOUND_ALLOW: '127.0.0.1',
  };
}

/** `waygate-health <args>` (or another script) under umask 022, as most shells start it. */
function spawnCli(args: string[], script = CLI): ChildProcess {
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      'umask 022 && exec "$@"',
      'sh',
      process.execPath,
      '--conditions=@waygate/source',
      '--import',
      'tsx',
      script,
      ...args,
    ],
    { env: env() },
  );
  children.push(child);
  return child;
}

function runCli(args: string[]) {
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

async function startServer() {
  const child = spawnCli(['serve']);
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 150_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    output: () => out,
    stop: async () => {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Every entry under `root` (root included) whose mode is not 0700 (directory) / 0600 (other). */
function notPrivate(root: string): string[] {
  const wrong: string[] = [];
  const check = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    const mode = stat.mode & 0o777;
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if (mode !== wanted) wrong.push(`${path.slice(root.length) || '/'} ${mode.toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) check(join(path, name));
  };
  check(root);
  return wrong;
}

/** Path → inode of every file, to show that files were created after a point in time. */
function inodes(root: string): Map<string, number> {
  const map = new Map<string, number>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else map.set(path, lstatSync(path).ino);
    }
  };
  walk(root);
  return map;
}

function createdSince(before: Map<string, number>, root: string): string[] {
  return [...inodes(root)].filter(([path, ino]) => before.get(path) !== ino).map(([p]) => p);
}

async function writeSomeRows(url: string, apiKey: string) {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const post = async (path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status, path).toBeLessThan(300);
    return ((await res.json()) as { data: { id: string } }).data;
  };
  const integration = await post('/integrations', {
    name: `Own API ${Date.now()}`,
    baseUrl: url,
    authType: 'none',
  });
  await post(`/integrations/${integration.id}/actions`, {
    name: 'Health',
    method: 'GET',
    path: '/healthz',
    tags: ['health-check'],
  });
  const connection = await post('/connections', { integrationId: integration.id, name: 'Own' });
  // A manual check: a health_checks row, rollups, the connection's health.
  await post(`/connections/${connection.id}/health-checks`);
}

it('a new data directory is private under umask 022, including files created later', async () => {
  const server = await startServer();
  const apiKey = /(wgh_\S+)/.exec(server.output())?.[1];
  expect(apiKey, server.output()).toBeDefined();
  const atStart = inodes(dataDir);

  await writeSomeRows(server.url, apiKey!);
  // A tenant created over the admin channel while the server runs.
  const tenant = await runCli(['tenant', 'create', '--name', 'Later', '--json']);
  expect(tenant.code, tenant.stderr).toBe(0);
  await writeSomeRows(server.url, (JSON.parse(tenant.stdout) as { apiKey: string }).apiKey);

  expect(notPrivate(dataDir)).toEqual([]);
  await server.stop(); // PGlite checkpoints and writes its shutdown files
  expect(notPrivate(dataDir)).toEqual([]);
  const created = createdSince(atStart, dataDir);
  console.log(`[permissions] ${created.length} files created after the server started`);
  expect(created.length).toBeGreaterThan(0);
}, 300_000);

it('an existing data directory with 0755/0644 modes is made private at start', async () => {
  // What an older version left: everything readable by any local user (and some world-writable).
  const loosen = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isDirectory()) {
      chmodSync(path, 0o755);
      for (const name of readdirSync(path)) loosen(join(path, name));
    } else if (stat.isFile()) {
      chmodSync(path, path.endsWith('PG_VERSION') ? 0o666 : 0o644);
    }
  };
  loosen(dataDir);
  expect(statSync(join(dataDir, 'encryption.key')).mode & 0o777).toBe(0o644);
  expect(notPrivate(dataDir).length).toBeGreaterThan(100);
  // A file that is not ours is left as it is (the directory's 0700 protects it).
  const notOurs = join(dataDir, 'operator-notes.txt');
  writeFileSync(notOurs, 'restore the key from the vault', { mode: 0o644 });
  chmodSync(notOurs, 0o644);

  const server = await startServer();
  expect(statSync(notOurs).mode & 0o777).toBe(0o644);
  rmSync(notOurs);
  expect(notPrivate(dataDir)).toEqual([]);
  const atStart = inodes(dataDir);
  const tenant = await runCli(['tenant', 'create', '--name', 'Again', '--json']);
  expect(tenant.code, tenant.stderr).toBe(0);
  await writeSomeRows(server.url, (JSON.parse(tenant.stdout) as { apiKey: string }).apiKey);
  expect(notPrivate(dataDir)).toEqual([]);
  await server.stop();
  expect(notPrivate(dataDir)).toEqual([]);
  console.log(`[permissions] restart: ${createdSince(atStart, dataDir).length} files created`);
}, 300_000);

it('files PostgreSQL creates while the database is open are private too (fopen, checkpoint)', async () => {
  // Relation files, an index, a checkpoint, a catalog rewrite and a COPY … TO file: Emscripten
  // creates fopen'd files 0644 whatever the process umask, so this needs the file-system mask.
  const child = spawnCli([], CHILD);
  let out = '';
  child.stderr!.on('data', (d) => {
    out += d;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited with ${code}: ${out}`)));
  });
  const exported = join(dataDir, 'pgdata', 'perms-probe-export.csv');
  expect(statSync(exported).mode & 0o777).toBe(0o600);
  expect(notPrivate(dataDir)).toEqual([]);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.stdin!.end();
  expect(await exited).toBe(0);
  expect(out).toContain('closed');
  expect(notPrivate(dataDir)).toEqual([]);
}, 300_000);
