import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from './config';
import { ConfigError } from './config';
import { parseEncryptionKey } from './crypto/credential-cipher';
import { acquireDataDirLock } from './db/data-dir-lock';
import type { Database } from './db/database';
import { findMigrationsDir } from './db/migrate';
import { openPGliteDatabase } from './db/pglite-database';
import { openPostgresDatabase } from './db/postgres-database';

export const KEY_FILE = 'encryption.key';

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
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, generated: true };
}

/** PGlite under `<dataDir>/pgdata` (locked for this process) or a pg Pool on DATABASE_URL. */
export async function openConfiguredDatabase(
  config: Config,
  options: { poolSize?: number } = {},
): Promise<Database> {
  if (config.databaseUrl)
    return openPostgresDatabase(config.databaseUrl, { max: options.poolSize ?? 20 });
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const release = acquireDataDirLock(dataDir);
  try {
    return await openPGliteDatabase({ dataDir: join(dataDir, 'pgdata'), onClose: release });
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
