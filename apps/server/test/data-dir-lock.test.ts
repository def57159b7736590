import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  DataDirLockedError,
  isDataDirLocked,
  LOCK_FILE,
  readLockHolder,
} from '../src/db/data-dir-lock';

// The lock must hold across PROCESSES started in the same millisecond: contenders are separate
// Node processes (kept alive across rounds, so a round is not dominated by process start-up) that
// all call acquireDataDirLock at one shared timestamp. Every round exactly one may win, and every
// loser must name the winner's pid.

const CHILD = join(import.meta.dirname, 'support', 'lock-child.ts');
const CONTENDERS = 10;
const ROUNDS = Number(process.env.LOCK_RACE_ROUNDS ?? 20);

interface Contender {
  child: ChildProcess;
  lines: Interface;
  next(): Promise<Record<string, unknown>>;
  send(body: unknown): void;
}

function startContender(): Contender {
  const child = spawn(
    process.execPath,
    ['--conditions=@waygate/source', '--import', 'tsx', CHILD],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: process.env,
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  return {
    child,
    lines,
    next: () =>
      new Promise((resolve) => {
        const line = queue.shift();
        if (line !== undefined) resolve(JSON.parse(line));
        else waiting.push((l) => resolve(JSON.parse(l)));
      }),
    send: (body) => child.stdin!.write(`${JSON.stringify(body)}\n`),
  };
}

/** The pid of a process that has exited (so the lock file it names is stale). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(child.stdout.toString());
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
}

const base = mkdtempSync(join(tmpdir(), 'waygate-lock-race-'));
let contenders: Contender[] = [];

beforeAll(async () => {
  contenders = Array.from({ length: CONTENDERS }, startContender);
  // Warm-up: each contender loads the module and answers once (nothing to race yet).
  await Promise.all(
    contenders.map(async (c, i) => {
      const dir = mkdtempSync(join(base, `warm-${i}-`));
      c.send({ dir, at: 0 });
      expect(await c.next()).toEqual({ won: true });
      c.send({ release: true });
      expect(await c.next()).toEqual({ released: true });
    }),
  );
}, 120_000);

afterAll(() => {
  for (const c of contenders) {
    c.child.stdin?.end();
    if (c.child.exitCode === null) c.child.kill('SIGKILL');
  }
  rmSync(base, { recursive: true, force: true });
});

type Setup = (dir: string) => void;

/** Runs ROUNDS races; returns what went wrong (empty when every round had exactly one winner). */
async function race(name: string, setup: Setup): Promise<string[]> {
  const problems: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const dir = mkdtempSync(join(base, `${name}-${round}-`));
    setup(dir);
    const at = Date.now() + 150;
    for (const c of contenders) c.send({ dir, at });
    const results = await Promise.all(contenders.map((c) => c.next()));
    const winners = contenders.filter((_, i) => results[i]!.won === true);
    const winnerPid = winners[0]?.child.pid;
    if (winners.length !== 1) {
      problems.push(`round ${round}: ${winners.length} winners`);
    } else {
      // Every loser was refused because of the winner, and the lock file names the winner.
      const wrong = results.filter((r) => !r.won && r.locked !== winnerPid);
      if (wrong.length) problems.push(`round ${round}: ${JSON.stringify(wrong)}`);
      if (readLockHolder(dir) !== winnerPid || !isDataDirLocked(dir)) {
        problems.push(`round ${round}: lock file names ${readLockHolder(dir)}, not ${winnerPid}`);
      }
    }
    for (const winner of winners) {
      winner.send({ release: true });
      expect(await winner.next()).toEqual({ released: true });
    }
    // Released, and nothing left behind: no temp files, no takeover markers.
    const left = readdirSync(dir);
    if (left.length) problems.push(`round ${round}: left behind ${left.join(', ')}`);
  }
  const oneWinner = ROUNDS - problems.filter((p) => p.endsWith('winners')).length;
  console.log(`[lock race] ${name}: exactly one winner in ${oneWinner} of ${ROUNDS} rounds`);
  return problems;
}

describe('data-dir lock: simultaneous starts in separate processes', () => {
  it(`exactly one of ${CONTENDERS} processes wins, ${ROUNDS} rounds, no lock file`, async () => {
    expect(await race('free', () => {})).toEqual([]);
  }, 180_000);

  it('exactly one wins over a stale lock file (dead pid)', async () => {
    const pid = deadPid();
    expect(await race('stale', (dir) => writeFileSync(join(dir, LOCK_FILE), String(pid)))).toEqual(
      [],
    );
  }, 180_000);

  it('exactly one wins over an empty lock file', async () => {
    expect(await race('empty', (dir) => writeFileSync(join(dir, LOCK_FILE), ''))).toEqual([]);
  }, 180_000);

  it('exactly one wins over a garbage lock file', async () => {
    let n = 0;
    const garbage = ['not a pid', '-1', '0', '12abc', '\u0000\u0000'];
    expect(
      await race('garbage', (dir) =>
        writeFileSync(join(dir, LOCK_FILE), garbage[n++ % garbage.length]!),
      ),
    ).toEqual([]);
  }, 180_000);

  it('exactly one wins over a stale lock whose previous taker died mid-takeover', async () => {
    const pid = deadPid();
    expect(
      await race('marker', (dir) => {
        const lock = join(dir, LOCK_FILE);
        writeFileSync(lock, String(pid));
        // The takeover marker a taker that died before finishing would have left (named by inode).
        writeFileSync(`${lock}.${statSync(lock, { bigint: true }).ino}`, String(pid));
      }),
    ).toEqual([]);
  }, 180_000);
});

describe('data-dir lock in one process', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(base, 'single-'));
  });

  it('a live holder is refused with its pid; a second acquire in the same process too', () => {
    const release = acquireDataDirLock(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.pid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    // A live process other than us (our parent).
    writeFileSync(join(dir, LOCK_FILE), String(process.ppid));
    try {
      acquireDataDirLock(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as DataDirLockedError).pid).toBe(process.ppid);
    }
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.ppid));
    rmSync(join(dir, LOCK_FILE));
  });

  it('a lock naming our own pid that we do not hold is stale (pid reused after a restart)', () => {
    writeFileSync(join(dir, LOCK_FILE), String(process.pid));
    const release = acquireDataDirLock(dir);
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('temp files and markers of dead processes are cleaned up; live ones are kept', () => {
    const dead = deadPid();
    const lock = join(dir, LOCK_FILE);
    writeFileSync(`${lock}.${dead}.abcdef.tmp`, String(dead));
    writeFileSync(`${lock}.12345`, String(dead));
    writeFileSync(`${lock}.${process.ppid}.live.tmp`, String(process.ppid));
    const release = acquireDataDirLock(dir);
    expect(readdirSync(dir).sort()).toEqual([LOCK_FILE, `${LOCK_FILE}.${process.ppid}.live.tmp`]);
    release();
    rmSync(`${lock}.${process.ppid}.live.tmp`);
  });

  it('release does not remove a lock file that is no longer ours', () => {
    const release = acquireDataDirLock(dir);
    writeFileSync(join(dir, LOCK_FILE), String(process.ppid));
    release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(process.ppid));
    rmSync(join(dir, LOCK_FILE));
  });
});
