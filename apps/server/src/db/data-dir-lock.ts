import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'waygate.lock';

/** Another live process holds the embedded database. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another process (pid ${pid}). ` +
        'PGlite allows one process per data directory: stop that process, or use DATABASE_URL.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Lock files this process holds (a second `acquireDataDirLock` in the same process is refused). */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A pid as the lock file holds it: digits only, > 0 (0 and negatives would signal groups). */
function parsePid(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed)) return null;
  const pid = Number(trimmed);
  return pid > 0 && pid <= 0x7fffffff ? pid : null;
}

interface Observed {
  ino: bigint;
  pid: number | null;
  /** True when no live process holds this file: dead pid, empty or garbage content. */
  stale: boolean;
}

/**
 * Reads a lock-like file (inode and pid from one open descriptor), or null when it does not
 * exist. A file holding our own pid is stale unless this process holds it: the pid was reused
 * (a container restarted with the same pid as before a crash).
 */
function observe(path: string): Observed | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { ino } = fstatSync(fd, { bigint: true });
    const buffer = Buffer.alloc(64);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const pid = parsePid(buffer.subarray(0, length).toString('utf8'));
    const stale = pid === null || (pid === process.pid ? !held.has(path) : !isAlive(pid));
    return { ino, pid, stale };
  } finally {
    closeSync(fd);
  }
}

/** A fully written file holding our pid, under a unique name next to the lock (same filesystem). */
function writeTemp(lockPath: string): string {
  const path = `${lockPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(path, String(process.pid), { mode: 0o600, flag: 'wx' });
  return path;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

const MAX_TAKEOVER_DEPTH = 4;

/**
 * Atomically replaces the stale file at `path` (seen with inode `ino`) by `replacement` (renamed
 * over it). Takers of the same stale file are serialised by a marker `<path>.<ino>`, created with
 * link(2) (exclusive); the marker's holder re-checks that `path` is still that stale file before
 * the rename, so a file replaced meanwhile (by another taker, or a fresh lock) is never touched.
 * A marker left by a taker that died is itself a stale file, taken over the same way (one level
 * deeper). Returns true when `replacement` now sits at `path`; false when something changed and
 * the caller must look again.
 */
function replaceStale(path: string, ino: bigint, replacement: string, depth: number): boolean {
  if (depth > MAX_TAKEOVER_DEPTH) {
    throw new Error(
      `Could not take over the stale lock ${path}: remove ${path}* by hand once no server runs`,
    );
  }
  const marker = `${path}.${ino}`;
  const markerTemp = writeTemp(path);
  let holdsMarker = false;
  try {
    try {
      linkSync(markerTemp, marker);
      holdsMarker = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const other = observe(marker);
      // Gone (its taker finished) or held by a live taker: look at the lock again.
      if (!other?.stale) return false;
      // The taker died while holding the marker: take the marker over first.
      if (!replaceStale(marker, other.ino, markerTemp, depth + 1)) return false;
      holdsMarker = true;
    }
    held.add(marker);
    const current = observe(path);
    if (!current || current.ino !== ino || !current.stale) return false;
    renameSync(replacement, path);
    return true;
  } finally {
    // The marker holds our pid while we hold it: nobody else removes a live taker's marker.
    if (holdsMarker) {
      held.delete(marker);
      unlinkQuietly(marker);
    }
    unlinkQuietly(markerTemp);
  }
}

const TEMP_NAME = /\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes temp files and takeover markers left behind by processes that died mid-way. A temp
 * file is judged by the pid in its name (it may be seen before its content is written); a marker
 * by its content (it is created by link(2) from a complete temp file).
 */
function removeLeftovers(dataDir: string): void {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${LOCK_FILE}.`)) continue;
    const path = join(dataDir, name);
    try {
      const temp = TEMP_NAME.exec(name);
      if (temp) {
        const pid = Number(temp[1]);
        if (pid !== process.pid && !isAlive(pid)) unlinkSync(path);
      } else if (observe(path)?.stale) {
        unlinkSync(path);
      }
    } catch {
      // Removed by its owner meanwhile.
    }
  }
}

/**
 * Takes the exclusive lock file `<dataDir>/waygate.lock` (holding our pid), because two processes
 * on one PGlite directory corrupt it. Atomic: the pid is written into a temp file first, which is
 * then link(2)ed to the lock path — link fails if the path exists, so exactly one of any number
 * of simultaneous openers gets it, and the lock file is never seen empty. A lock whose pid is not
 * alive (or that is empty or garbage) is stale and taken over atomically (`replaceStale`).
 * Throws `DataDirLockedError` when a live process holds it. Returns the release function.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const path = join(resolve(dataDir), LOCK_FILE);
  if (held.has(path)) throw new DataDirLockedError(dataDir, process.pid);
  const temp = writeTemp(path);
  try {
    const { ino } = statSync(temp, { bigint: true });
    for (let attempt = 0; ; attempt++) {
      let acquired = false;
      try {
        linkSync(temp, path);
        acquired = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const current = observe(path);
        if (current && !current.stale && current.pid !== null) {
          throw new DataDirLockedError(dataDir, current.pid);
        }
        // Stale: replace it atomically. Gone meanwhile (released): simply link again.
        if (current) acquired = replaceStale(path, current.ino, temp, 0);
        else if (attempt < 50) continue;
      }
      if (acquired) {
        held.add(path);
        removeLeftovers(resolve(dataDir));
        return () => release(path, ino);
      }
      // Another process changed the lock under us: back off briefly and look again.
      if (attempt >= 50) throw new Error(`Could not lock ${path}: it keeps changing`);
      sleepSync(Math.min(1 + attempt * 2, 20));
    }
  } finally {
    unlinkQuietly(temp);
  }
}

function release(path: string, ino: bigint): void {
  if (!held.delete(path)) return;
  try {
    // Ours while it is the same file: nobody takes over the lock of a live process.
    const current = observe(path);
    if (current?.ino === ino && current.pid === process.pid) unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/** The pid in the lock file, or null when there is none. */
export function readLockHolder(dataDir: string): number | null {
  try {
    return parsePid(readFileSync(join(dataDir, LOCK_FILE), 'utf8'));
  } catch {
    return null;
  }
}

/** True when a live process other than this one holds the data directory. */
export function isDataDirLocked(dataDir: string): boolean {
  const pid = readLockHolder(dataDir);
  return pid !== null && pid !== process.pid && isAlive(pid);
}
