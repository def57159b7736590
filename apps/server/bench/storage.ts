/**
 * `pnpm bench:storage`: the write side of the read-path proof, on the database `bench:seed` kept.
 *
 * 1. Storage: bytes per stored check (health_checks partitions, heap + indexes, ÷ rows) and the
 *    rollup tables' size.
 * 2. Ingest: result rows per second through the scheduler's write path — `recordChecks` (one
 *    statement per batch of 500: check rows, rollup trigger, connection updates, events, fenced by
 *    the lease) — with synthetic outcomes (90 % healthy / 7 % degraded / 3 % unhealthy), by one
 *    writer (a scheduler chains its batches) and by two (two replicas). Building the outcomes and
 *    stamping the leases (the claim) are outside the timed part.
 * 3. Retention: DETACH + DROP of one full day's partition (what runMaintenance does) while a
 *    writer keeps recording batches: time of each statement, and how long the writes stalled.
 *
 * Mutates the seeded database (adds checks at "now", drops its oldest full day): run it after
 * bench:api, or seed again.
 *
 *   npx tsx bench/storage.ts [--database <name>] [--ingest-seconds 10]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { HealthCheck, HealthCheckStatus } from '@waygate/health-core';
import type { Database } from '../src/db/database';
import { listHealthCheckPartitions } from '../src/db/partitions';
import { newUuid, toPublicId } from '../src/ids';
import type { CheckOutcome } from '../src/runner/execute-check';
import { recordChecks } from '../src/runner/record-checks';
import {
  type FigureRow,
  fmt,
  MACHINE,
  openSeeded,
  percentile,
  printTable,
  sleep,
  storageFigures,
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

interface Target {
  connectionId: string;
  actionId: string;
}
const targets = (
  await db.query<{ id: string; action: string }>(
    `SELECT c.id, a.id AS action FROM connections c JOIN actions a ON a.integration_id = c.integration_id
      WHERE c.tenant_id = $1 ORDER BY c.id`,
    [tenant],
  )
).rows.map((r): Target => ({ connectionId: r.id, actionId: r.action }));

/** One synthetic, already-executed check per target, as executeCheck would hand them over. */
function outcomes(list: readonly Target[], at: Date): CheckOutcome[] {
  return list.map((t) => {
    const u = Math.random();
    const status: HealthCheckStatus = u < 0.03 ? 'unhealthy' : u < 0.1 ? 'degraded' : 'healthy';
    const latency =
      status === 'degraded'
        ? 2000 + Math.round(Math.random() * 2000)
        : Math.round(150 * Math.exp(0.5 * gaussian()));
    const uuid = newUuid(at);
    const check: HealthCheck = {
      id: toPublicId('healthCheck', uuid),
      connectionId: toPublicId('connection', t.connectionId),
      tenantId: toPublicId('tenant', tenant),
      status,
      checkType: 'scheduled',
      credentialStatus: 'active',
      testActionId: toPublicId('action', t.actionId),
      testActionSuccess: status !== 'unhealthy',
      testActionLatencyMs: latency,
      testActionStatusCode: status === 'unhealthy' ? 503 : 200,
      circuitBreakerStatus: 'closed',
      latencyMs: latency + 2,
      ...(status === 'unhealthy'
        ? {
            error: {
              code: 'HTTP_5XX' as const,
              message: 'server error response (503)',
              statusCode: 503,
            },
          }
        : {}),
      createdAt: at.toISOString(),
    };
    return {
      tenantId: tenant,
      connectionId: t.connectionId,
      checkUuid: uuid,
      testActionUuid: t.actionId,
      check,
      reasons:
        status === 'unhealthy'
          ? ['test_action_failed']
          : status === 'degraded'
            ? ['latency_high']
            : [],
      previousStatus: 'healthy',
      breaker: {
        status: 'closed',
        openedAt: null,
        consecutiveFailures: status === 'unhealthy' ? 1 : 0,
      },
      recentFailureTimes: status === 'unhealthy' ? [at.toISOString()] : [],
      credentialUnreadable: false,
      outboundCalls: 1,
    } as CheckOutcome;
  });
}

function gaussian(): number {
  return (
    Math.sqrt(-2 * Math.log(Math.max(Math.random(), 1e-12))) * Math.cos(2 * Math.PI * Math.random())
  );
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
    target: '≤ 150 B',
    met: perCheck <= 150,
  },
  {
    figure: 'rollup tables',
    value: `${fmt(storage.rollupBytes / 2 ** 20)} MiB (${fmt(storage.rollupRows)} rows)`,
    target: '',
    met: null,
  },
);

// ---- ingest, one writer then two
{
  const deadline = performance.now() + INGEST_MS;
  const one = await writer('bench-ingest-1', targets, () => performance.now() > deadline);
  const rate = one.rows / (one.timedMs / 1000);
  const batchP95 = percentile(
    one.batchMs.map((b) => b.ms),
    0.95,
  );
  figures.push({
    figure: `ingest, 1 writer (recordChecks, batches of ${BATCH})`,
    value: `${fmt(rate)} rows/s (${fmt(one.rows)} rows; batch p50 ${fmt(
      percentile(
        one.batchMs.map((b) => b.ms),
        0.5,
      ),
      1,
    )} ms, p95 ${fmt(batchP95, 1)} ms)`,
    target: '≥ 40,000 rows/s',
    met: rate >= 40_000,
  });
  const half = Math.ceil(targets.length / 2);
  const deadline2 = performance.now() + INGEST_MS;
  const started = performance.now();
  const two = await Promise.all([
    writer('bench-ingest-a', targets.slice(0, half), () => performance.now() > deadline2),
    writer('bench-ingest-b', targets.slice(half), () => performance.now() > deadline2),
  ]);
  const wall = performance.now() - started;
  const rows2 = two[0].rows + two[1].rows;
  const stamping = wall - Math.max(two[0].timedMs, two[1].timedMs);
  const rate2 = rows2 / ((wall - Math.max(0, stamping)) / 1000);
  figures.push({
    figure: 'ingest, 2 writers (two replicas)',
    value: `${fmt(rate2)} rows/s (${fmt(rows2)} rows)`,
    target: '≥ 40,000 rows/s',
    met: rate2 >= 40_000,
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
  // The same two statements as runMaintenance (src/scheduler/retention.ts).
  await db.query(`ALTER TABLE health_checks DETACH PARTITION ${victim.name}`);
  const t1 = performance.now();
  await db.query(`DROP TABLE ${victim.name}`);
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
      figure: `drop one day (${victim.name}, ${fmt(victimRows)} rows): DETACH + DROP`,
      value: `${fmt(t2 - t0, 1)} ms (detach ${fmt(t1 - t0, 1)} ms, drop ${fmt(t2 - t1, 1)} ms)`,
      target: '≤ 200 ms',
      met: t2 - t0 <= 200,
    },
    {
      figure: 'writes during the drop',
      value: `${overlapping.length} batches overlapped; slowest ${fmt(worst, 1)} ms vs median ${fmt(baseline, 1)} ms before → stalled ≈ ${fmt(stalled, 1)} ms`,
      target: 'no long lock (stall ≤ 200 ms)',
      met: stalled <= 200,
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
