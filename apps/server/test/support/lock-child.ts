/**
 * One contender for the data-directory lock, in its own process, for the lock race test. It
 * reads commands on stdin, one JSON object a line:
 *   {"dir": "...", "at": <epoch ms>}  wait until `at`, try `acquireDataDirLock(dir)`, answer
 *                                     {"won": true} | {"locked": <pid>} | {"error": "..."}
 *   {"release": true}                 release a lock this process holds, answer {"released": true}
 * and exits when stdin ends. LOCK_MODULE swaps the implementation under test (to show that the
 * test catches a non-atomic lock).
 */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const modulePath = process.env.LOCK_MODULE ?? '../../src/db/data-dir-lock.ts';
const lock = (await import(
  modulePath.startsWith('.') ? modulePath : pathToFileURL(modulePath).href
)) as typeof import('../../src/db/data-dir-lock');

let release: (() => void) | undefined;
const answer = (body: unknown) => process.stdout.write(`${JSON.stringify(body)}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { dir?: string; at?: number; release?: boolean };
  if (command.release) {
    release?.();
    release = undefined;
    answer({ released: true });
    continue;
  }
  const at = command.at ?? 0;
  // Sleep until just before the start time, then spin: every contender starts in the same ms.
  const nap = at - Date.now() - 3;
  if (nap > 0) await new Promise((resolve) => setTimeout(resolve, nap));
  while (Date.now() < at) {
    // spin
  }
  try {
    release = lock.acquireDataDirLock(command.dir!);
    answer({ won: true });
  } catch (error) {
    if (error instanceof lock.DataDirLockedError) answer({ locked: error.pid });
    else answer({ error: String(error) });
  }
}
release?.();
