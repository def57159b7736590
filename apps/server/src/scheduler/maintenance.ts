import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { rollUpPending } from '../rollups/read-rollups';

/**
 * How often the roll-up pass moves queued checks into the rollups. Answers never wait for it
 * (readers add the queue, see src/rollups/read-rollups.ts); it bounds the queue: at most this
 * many seconds of checks are queued, so a reader's share of the queue stays small.
 */
export const ROLLUP_INTERVAL_MS = 5_000;

/**
 * How often the embedded database's hot tables are vacuumed. PGlite runs no autovacuum: every
 * check rewrites its connection's row and each pass deletes the queue it moved, so without this
 * the dead row versions would only ever grow (issue 15 item 4). PostgreSQL's autovacuum does it.
 * Checked on the roll-up pass's tick: keep it a multiple of ROLLUP_INTERVAL_MS. At 15 s,
 * `connections` stays within 2× its compacted size (bench/bloat.ts: 1.97× at 15 s, 2.02× at 30 s).
 */
export const VACUUM_INTERVAL_MS = 15_000;

/** The tables every check writes to, rewrites or deletes from. */
export const HOT_TABLES = [
  'connections',
  'health_rollup_pending',
  'health_rollups',
  'health_rollups_tenant',
] as const;

/**
 * The roll-up pass, then a VACUUM of the queue it emptied. Readers look the queue up by tenant
 * (src/rollups/read-rollups.ts): until its dead entries are vacuumed away, every read walks them
 * (measured: 108,500 dead index entries after a write burst made the summary's uptime read
 * 136 ms instead of 0.4 ms). The queue is a few pages after a pass, so this costs milliseconds;
 * PostgreSQL's autovacuum (naptime 1 min, often later on a busy server) is not soon enough.
 */
export async function rollUpAndVacuumQueue(db: Database): Promise<number> {
  const moved = await rollUpPending(db);
  if (moved > 0) await db.exec('VACUUM health_rollup_pending');
  return moved;
}

/** Plain VACUUM (no FULL, no lock against writers) of the hot tables; returns how long it took. */
export async function vacuumHotTables(db: Database): Promise<number> {
  const started = performance.now();
  // One table per statement: a VACUUM of several tables is one long statement on PGlite's only
  // connection; separate ones let queued queries in between.
  for (const table of HOT_TABLES) await db.exec(`VACUUM ${table}`);
  return performance.now() - started;
}

/**
 * PGlite's periodic housekeeping: VACUUM of the hot tables, then a CHECKPOINT. PGlite runs no
 * checkpointer on a timer either: without one, WAL piles up to `max_wal_size` (1 GB) and the
 * recycled segments kept afterwards scale with it (measured: pg_wal 128 MiB after 20 minutes of
 * 3,000 connections, ≈ 350 MiB after 60); checkpointing every 15 s keeps it near
 * `min_wal_size`. Returns how long both took.
 */
export async function embeddedHousekeeping(db: Database): Promise<number> {
  const started = performance.now();
  await vacuumHotTables(db);
  await db.exec('CHECKPOINT');
  return performance.now() - started;
}

/**
 * The scheduler's frequent housekeeping (the daily part is `runMaintenance` in retention.ts):
 * the roll-up pass every ROLLUP_INTERVAL_MS and, on PGlite, VACUUM of the hot tables and a
 * CHECKPOINT every VACUUM_INTERVAL_MS. Failures are logged and retried at the next tick; checks never wait.
 */
export function startFrequentMaintenance(
  db: Database,
  logger: Logger,
  options: { rollupIntervalMs?: number; vacuumIntervalMs?: number } = {},
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let lastVacuum = performance.now();
  const vacuumIntervalMs = options.vacuumIntervalMs ?? VACUUM_INTERVAL_MS;
  const tick = async () => {
    try {
      await rollUpAndVacuumQueue(db);
      if (db.kind === 'pglite' && performance.now() - lastVacuum >= vacuumIntervalMs) {
        lastVacuum = performance.now();
        const ms = await embeddedHousekeeping(db);
        logger.debug({ housekeepingMs: Math.round(ms) }, 'vacuumed hot tables, checkpoint');
      }
    } catch (error) {
      logger.error({ err: error }, 'rollup maintenance failed');
    }
  };
  const timer = setInterval(() => {
    if (running) return; // one tick at a time
    running = tick().finally(() => {
      running = null;
    });
  }, options.rollupIntervalMs ?? ROLLUP_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
