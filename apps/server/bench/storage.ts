/**
 * `pnpm bench:storage`: the write side of the read-path proof, on the database `bench:seed` kept.
 *
 * 1. Storage: bytes per stored check (health_checks partitions, heap + indexes, ÷ rows) and the
 *    rollup tables' size.
 * 2. Ingest: result rows per second through the scheduler's write path — `recordChecks` (one
 *    statement per batch of 500: check rows, the trigger queueing them for rollups, connection
 *    updates, events, fenced by the lease) — with synthetic outcomes (90 % healthy / 7 % degraded
 *    / 3 % unhealthy), by one writer (a scheduler chains its batches) and by two (two replicas).
 *    The roll-up pass runs back to back on its own connection meanwhile, and the clock stops only
 *    when the queue it drains is empty: rows/s include the rollup work (no credit with rollups
 *    switched off). Printed beside it: the pass's share of the time and the rollup lag. Building
 *    the outcomes and stamping the leases (the claim) are outside the timed part.
 * 3. Retention: DETACH + DROP of one full day's partition (what runMaintenance does) while a
 *    writer keeps recording batches: time of each statement, and how long the writes stalled.
 *
 * Mutates the seeded database (adds checks at "now", drops its oldest full day): run it after
 * bench:api, or seed again.
 *
 *   npx tsx bench/storage.ts [--database <name>] [--ingest-seconds 10]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Database } from '../src/db/database';
import { listHealthCheckPartitions } from '../src/db/partitions';
import { rollUpPending } from '../src/rollups/read-rollups';
import type { CheckOutcome } from '../src/runner/execute-check';
import { recordChecks } from '../src/runner/record-checks';
import { rollUpAndVacuumQueue } from '../src/scheduler/maintenance';
import { dropPartition } from '../src/scheduler/retention';
import {
  type FigureRow,
  fmt,
  MACHINE,
  openSeeded,
  percentile,
  printTable,
  type SyntheticTarget,
  sleep,
  storageFigures,
  syntheticOutcomes,
} from './bench-support';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    'ingest-seconds': { type: 'string', default: '10' },
    'skip-retention': { type: 'boolean', default: false },
  },
});
const INGEST_MS = Number(values['ingest-seconds']) * 1000;
const BATCH = 500;

const { db, state } = await openSeeded(values.database, 6);
const tenant = state.tenantUuid;

type Target = SyntheticTarget;
const targets = (
  await db.query<{ id: string; action: string }>(
    `SELECT c.id, a.id AS action FROM connections c JOIN actions a ON a.integration_id = c.integration_id
      WHERE c.tenant_id = $1 ORDER BY c.id`,
    [tenant],
  )
).rows.map((r): Target => ({ connectionId: r.id, actionId: r.action }));

function outcomes(list: readonly Target[], at: Date): CheckOutcome[] {
  return syntheticOutcomes(tenant, list, at);
}

/** The claim's effect, untimed: the writer's lease on its connections (recordChecks fences on it). */
async function stampLease(owner: string, list: readonly Target[]) {
  await db.query('UPDATE connections SET lease_owner = $1 WHERE id = ANY($2::uuid[])', [
    owner,
    list.map((t) => t.connectionId),
  ]);
}

interface WriterStats {
  rows: number;
  timedMs: number;
  batchMs: { at: number; ms: number }[];
}

/**
 * Records rounds over `list` (every connection once per round, batches of 500, one statement at
 * a time as the sweep chains them) until `until()` says stop.
 */
async function writer(
  owner: string,
  list: readonly Target[],
  until: () => boolean,
  database: Database = db,
): Promise<WriterStats> {
  const stats: WriterStats = { rows: 0, timedMs: 0, batchMs: [] };
  while (!until()) {
    await stampLease(owner, list);
    const all = outcomes(list, new Date());
    for (let i = 0; i < all.length && !until(); i += BATCH) {
      const batch = all.slice(i, i + BATCH);
      const started = performance.now();
      const result = await recordChecks(database, batch, { leaseOwner: owner });
      const ms = performance.now() - started;
      stats.timedMs += ms;
      stats.rows += result.written.length;
      stats.batchMs.push({ at: started, ms });
    }
  }
  return stats;
}

const figures: FigureRow[] = [];
const storage = await storageFigures(db);
const perCheck = storage.partitionsBytes / storage.rows;
figures.push(
  {
    figure: 'health_checks rows',
    value: fmt(storage.rows),
    target: '',
    met: null,
  },
  {
    figure: 'bytes per stored check (table + indexes)',
    value: `${fmt(perCheck)} B (heap ${fmt(storage.heapBytes / storage.rows)} B, indexes ${fmt(storage.indexBytes / storage.rows)} B)`,
    target: '≤ 200 B',
    met: perCheck <= 200,
  },
  {
    figure: 'rollup tables (bytes ÷ raw checks stored)',
    value: `${fmt(storage.rollupBytes / 2 ** 20)} MiB (${fmt(storage.rollupRows)} rows): ${fmt(storage.rollupBytes / storage.rows, 1)} B per check`,
    target: '≤ 60 B per check',
    met: storage.rollupBytes / storage.rows <= 60,
  },
);

// ---- ingest, one writer then two, with the roll-up pass running meanwhile
interface RollerStats {
  passes: number;
  moved: number;
  busyMs: number;
  /** Largest queue seen at the start of a pass (rows), i.e. how far rollups lagged. */
  maxQueued: number;
}

/** The roll-up pass back to back (as fast as it can) until `until()` and the queue is empty. */
async function roller(until: () => boolean): Promise<RollerStats> {
  const stats: RollerStats = { passes: 0, moved: 0, busyMs: 0, maxQueued: 0 };
  for (;;) {
    const stopping = until();
    const started = performance.now();
    // As the scheduler's loop does: the pass, then a VACUUM of the queue it emptied.
    const moved = await rollUpAndVacuumQueue(db);
    stats.busyMs += performance.now() - started;
    stats.passes += 1;
    stats.moved += moved;
    stats.maxQueued = Math.max(stats.maxQueued, moved);
    if (stopping && moved === 0) return stats;
    if (moved === 0) await sleep(20);
  }
}

async function hotStats(): Promise<{ updates: number; hot: number }> {
  const { rows } = await db.query<{ upd: string; hot: string }>(
    `SELECT n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot FROM pg_stat_user_tables
      WHERE relname = 'connections'`,
  );
  return { updates: Number(rows[0]?.upd ?? 0), hot: Number(rows[0]?.hot ?? 0) };
}

async function ingest(writers: number): Promise<void> {
  await rollUpPending(db); // start from an empty queue
  const hotBefore = await hotStats();
  const size = Math.ceil(targets.length / writers);
  const deadline = performance.now() + INGEST_MS;
  const started = performance.now();
  let writersDone = false;
  const rolling = roller(() => writersDone);
  const stats = await Promise.all(
    Array.from({ length: writers }, (_, w) =>
      writer(
        `bench-ingest-${writers}-${w}`,
        targets.slice(w * size, (w + 1) * size),
        () => performance.now() > deadline,
      ),
    ),
  );
  const writersEnd = performance.now();
  writersDone = true;
  const rolled = await rolling;
  const end = performance.now();
  const rows = stats.reduce((n, s) => n + s.rows, 0);
  // Stamping leases between rounds is the claim's work, not ingest: left out of the time.
  const untimed = writersEnd - started - Math.max(...stats.map((s) => s.timedMs));
  const seconds = (end - started - Math.max(0, untimed)) / 1000;
  const rate = rows / seconds;
  const batches = stats.flatMap((s) => s.batchMs.map((b) => b.ms));
  const hotAfter = await hotStats();
  const updates = hotAfter.updates - hotBefore.updates;
  figures.push(
    {
      figure: `ingest, ${writers} writer${writers > 1 ? 's' : ''} (recordChecks, batches of ${BATCH}) + roll-up pass, until rolled up`,
      value: `${fmt(rate)} rows/s (${fmt(rows)} rows; batch p50 ${fmt(percentile(batches, 0.5), 1)} ms, p95 ${fmt(percentile(batches, 0.95), 1)} ms; inserts alone ${fmt(rows / ((writersEnd - started - Math.max(0, untimed)) / 1000))} rows/s)`,
      target: writers === 1 ? '≥ 40,000 rows/s' : '≥ 60,000 rows/s',
      met: rate >= (writers === 1 ? 40_000 : 60_000),
    },
    {
      figure: `  roll-up pass during that run (${writers} writer${writers > 1 ? 's' : ''})`,
      value: `${fmt(rolled.passes)} passes, ${fmt(rolled.moved)} rows moved, busy ${fmt((100 * rolled.busyMs) / (end - started))} % of the run; largest queue ${fmt(rolled.maxQueued)} rows; drained ${fmt(end - writersEnd)} ms after the last insert`,
      target: 'lag ≤ 60 s (readers are exact regardless)',
      met: end - writersEnd <= 60_000,
    },
    {
      figure: '  connections updates that were HOT',
      value: `${fmt(hotAfter.hot - hotBefore.hot)} of ${fmt(updates)} (${fmt(updates ? (100 * (hotAfter.hot - hotBefore.hot)) / updates : 0)} %; lease stamping included)`,
      target: '',
      met: null,
    },
  );
}

await ingest(1);
await ingest(2);

// ---- the same batch with the previous rollup trigger, same moment (ratio on a loaded machine)
{
  // The per-row sketch-merging trigger of migration 0010, reinstalled inside a transaction that
  // is rolled back, so both variants run on the same data within seconds of each other.
  const legacySql = readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '../migrations/0010_rollups.sql'),
    'utf8',
  );
  const legacyFunction = legacySql.slice(
    legacySql.indexOf('CREATE FUNCTION waygate_rollup_new_checks'),
    legacySql.indexOf('CREATE TRIGGER health_checks_rollup'),
  );
  const passMs: number[] = [];
  const batchMs = async (legacy: boolean): Promise<number> => {
    let ms = 0;
    const list = targets.slice(0, BATCH);
    await db
      .transaction(async (tx) => {
        if (legacy) {
          await tx.exec(`DROP TRIGGER health_checks_queue_rollup ON health_checks;
            ${legacyFunction}
            CREATE TRIGGER health_checks_rollup AFTER INSERT ON health_checks
              REFERENCING NEW TABLE AS new_checks
              FOR EACH STATEMENT EXECUTE FUNCTION waygate_rollup_new_checks();`);
        }
        await tx.query('UPDATE connections SET lease_owner = $1 WHERE id = ANY($2::uuid[])', [
          'bench-compare',
          list.map((t) => t.connectionId),
        ]);
        const started = performance.now();
        await recordChecks(tx, outcomes(list, new Date()), { leaseOwner: 'bench-compare' });
        // The new design's rollup work is the pass: count it too.
        if (!legacy) {
          const passStarted = performance.now();
          await rollUpPending(tx);
          passMs.push(performance.now() - passStarted);
        }
        ms = performance.now() - started;
        throw new Error('rollback');
      })
      .catch((error: Error) => {
        if (error.message !== 'rollback') throw error;
      });
    return ms;
  };
  const legacyMs: number[] = [];
  const queueMs: number[] = [];
  for (let i = 0; i < 7; i++) {
    legacyMs.push(await batchMs(true));
    queueMs.push(await batchMs(false));
  }
  const legacy = percentile(legacyMs, 0.5);
  const queued = percentile(queueMs, 0.5);
  figures.push({
    figure: `one batch of ${BATCH} (recordChecks), rolled back, 7 alternating runs: previous trigger vs queue + roll-up pass`,
    value: `median ${fmt(legacy, 1)} ms vs ${fmt(queued, 1)} ms (of which the pass ${fmt(percentile(passMs, 0.5), 1)} ms) = ${fmt(legacy / queued, 2)}× faster`,
    target: '',
    met: null,
  });
}

// ---- retention while writes continue
if (!values['skip-retention']) {
  const partitions = await listHealthCheckPartitions(db);
  const sizes = (
    await db.query<{ name: string; n: number }>(
      `SELECT c.relname AS name, c.reltuples::bigint::int AS n FROM pg_class c WHERE c.relname = ANY($1)`,
      [partitions.map((p) => p.name)],
    )
  ).rows;
  const full = Math.max(...sizes.map((s) => s.n));
  const victim = partitions.find(
    (p) => (sizes.find((s) => s.name === p.name)?.n ?? 0) >= full * 0.9,
  );
  if (!victim) throw new Error('no full day partition to drop');
  const victimRows = sizes.find((s) => s.name === victim.name)!.n;

  let stop = false;
  const writing = writer('bench-retention', targets, () => stop);
  await sleep(3_000); // a baseline of batch latencies before the drop
  const t0 = performance.now();
  // What runMaintenance does (src/scheduler/retention.ts): DETACH committed on its own, then
  // DROP of the detached table. The stall writers see is the DETACH's.
  let t1 = 0;
  let deferred = false;
  await dropPartition(db, victim.name, () => {
    t1 = performance.now();
  }).catch((error: { code?: string }) => {
    // Lock not granted within 200 ms: runMaintenance would retry at its next run.
    if (error.code !== '55P03') throw error;
    deferred = true;
    t1 = performance.now();
  });
  const t2 = performance.now();
  await sleep(2_000);
  stop = true;
  const stats = await writing;
  const before = stats.batchMs.filter((b) => b.at + b.ms < t0).map((b) => b.ms);
  const overlapping = stats.batchMs.filter((b) => b.at < t2 && b.at + b.ms > t0);
  const baseline = percentile(before, 0.5);
  const worst = Math.max(0, ...overlapping.map((b) => b.ms));
  const stalled = Math.max(0, worst - baseline);
  figures.push(
    {
      figure: `drop one day (${victim.name}, ${fmt(victimRows)} rows): DETACH (own transaction, lock_timeout 200 ms) + DROP${deferred ? ' — DEFERRED: lock not granted in 200 ms' : ''}`,
      value: `${fmt(t2 - t0, 1)} ms (detach ${fmt(t1 - t0, 1)} ms, drop ${fmt(t2 - t1, 1)} ms)`,
      target: '≤ 200 ms',
      met: t2 - t0 <= 200,
    },
    {
      figure: 'writes during the drop',
      value: `${overlapping.length} batches overlapped; slowest ${fmt(worst, 1)} ms vs median ${fmt(baseline, 1)} ms before → stalled ≈ ${fmt(stalled, 1)} ms`,
      target: 'stall ≤ 100 ms',
      met: stalled <= 100,
    },
  );
}

printTable(
  `bench:storage — database ${state.database} (${fmt(targets.length)} connections) — ${MACHINE} — ${new Date().toISOString()}`,
  figures,
);
// Leases left by the writers would make the connections look claimed to a scheduler.
await db.query(
  'UPDATE connections SET lease_owner = NULL, lease_expires_at = NULL WHERE tenant_id = $1',
  [tenant],
);
await db.close();
