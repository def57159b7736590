import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ADMIN_SOCKET } from './admin-channel';
import type { Config } from './config';
import { ConfigError } from './config';
import { parseEncryptionKey } from './crypto/credential-cipher';
import { acquireDataDirLock, LOCK_FILE } from './db/data-dir-lock';
import type { Database } from './db/database';
import { findMigrationsDir } from './db/migrate';
import { openPGliteDatabase } from './db/pglite-database';
import { openPostgresDatabase } from './db/postgres-database';
import { makePrivate, NOT_PRIVATE } from './db/private-files';

export const KEY_FILE = 'encryption.key';
const PGDATA = 'pgdata';

/**
 * The credential key: WAYGATE_ENCRYPTION_KEY, or (embedded database only) a key generated once
 * into the data directory with owner-only permissions. With DATABASE_URL the key must come from
 * the environment, because replicas must share it (`loadConfig` already refused otherwise).
 */
export function resolveEncryptionKey(config: Config): { key: Uint8Array; generated: boolean } {
  if (config.encryptionKey) return { key: config.encryptionKey, generated: false };
  if (config.databaseUrl) {
    throw new ConfigError('WAYGATE_ENCRYPTION_KEY', 'required when DATABASE_URL is set');
  }
  const file = join(resolve(config.dataDir), KEY_FILE);
  if (existsSync(file)) {
    try {
      return { key: parseEncryptionKey(readFileSync(file, 'utf8')), generated: false };
    } catch {
      throw new Error(
        `${file} does not hold a valid key (32 bytes, base64); restore it from a backup`,
      );
    }
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, generated: true };
}

/**
 * Owner-only from here on: files this process creates get no group or other bits (PGlite's own
 * files are masked in `openPGliteDatabase`; this covers the rest, e.g. the admin socket).
 * Not available in worker threads, where the process's umask stays as it is.
 */
function restrictUmask(): void {
  try {
    const previous = process.umask(NOT_PRIVATE);
    if ((previous | NOT_PRIVATE) !== NOT_PRIVATE) process.umask(previous | NOT_PRIVATE);
  } catch {
    // Worker thread.
  }
}

/**
 * PGlite under `<dataDir>/pgdata` (locked for this process) or a pg Pool on DATABASE_URL. The
 * data directory is made private at every start: the directory 0700, and our entries in it
 * (pgdata, the key, the lock, the admin socket) 0700 for directories and 0600 for files, whatever
 * an older version or the umask left behind; everything created later is owner-only too.
 */
export async function openConfiguredDatabase(
  config: Config,
  options: { poolSize?: number } = {},
): Promise<Database> {
  if (config.databaseUrl)
    return openPostgresDatabase(config.databaseUrl, { max: options.poolSize ?? 20 });
  const dataDir = resolve(config.dataDir);
  restrictUmask();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const release = acquireDataDirLock(dataDir);
  try {
    // Our entries; openPGliteDatabase makes pgdata private.
    makePrivate(
      dataDir,
      (name) => name === KEY_FILE || name === ADMIN_SOCKET || name.startsWith(LOCK_FILE),
    );
    return await openPGliteDatabase({ dataDir: join(dataDir, PGDATA), onClose: release });
  } catch (error) {
    release();
    throw error;
  }
}

/** The built dashboard next to this package (`apps/dashboard/dist`), when it exists. */
export function defaultStaticDir(): string | null {
  const packageRoot = dirname(findMigrationsDir());
  const dir = resolve(packageRoot, '..', 'dashboard', 'dist');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}
