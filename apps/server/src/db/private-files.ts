import { chmodSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Group and other permission bits: never set on anything in the data directory. */
export const NOT_PRIVATE = 0o077;

/**
 * Makes a directory tree owner-only: directories 0700, files 0600 (sockets too). Fixes what an
 * older version or a umask of 022 left behind; the data directory holds tenant names, URLs, API
 * key hashes, check history and the generated encryption key. Symbolic links are not followed
 * (a link's target is not ours to change); the root itself may be one. With `include`, only the
 * root's entries it accepts are changed (and everything below them): a data directory may hold
 * files that are not ours, which its 0700 protects without us changing their modes.
 */
export function makePrivate(root: string, include: (name: string) => boolean = () => true): void {
  const rootStat = statSync(root);
  if (!rootStat.isDirectory()) throw new Error(`${root} is not a directory`);
  fix(root, rootStat.mode, true);
  walk(root, include);
}

function fix(path: string, mode: number, directory: boolean): void {
  const wanted = directory ? 0o700 : 0o600;
  if ((mode & 0o777) !== wanted) chmodSync(path, wanted);
}

function walk(dir: string, include: (name: string) => boolean = () => true): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isSymbolicLink() || !include(entry.name)) continue;
    const path = join(dir, entry.name);
    let mode: number;
    try {
      mode = lstatSync(path).mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed meanwhile
      throw error;
    }
    fix(path, mode, entry.isDirectory());
    if (entry.isDirectory()) walk(path);
  }
}
