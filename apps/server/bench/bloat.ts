/**
 * `pnpm bench:bloat`: growth of the EMBEDDED database (PGlite, file-backed, no autovacuum) per
 * check, in an accelerated run (issue 15 item 4; "a day of running" is an accelerated run, not
 * 24 hours: docs decisions.md "Write path").
 *
 * N connections at a 1-minute interval; each simulated minute does what the scheduler does per
 * check — the claim (lease, next slot: one UPDATE of the connection), then `recordChecks` in
 * batches of 500 (check row, queue trigger, connection update, events) — and the frequent
 * maintenance on its simulated schedule: the roll-up pass every 5 s (after each batch here) and
 * `embeddedHousekeeping` (VACUUM of the hot tables, CHECKPOINT) every VACUUM_INTERVAL_MS (15 s) (src/scheduler/maintenance.ts). Two runs on fresh data
 * directories: with that maintenance and with the vacuum switched off (before this issue).
 *
 * Printed: data directory growth per check after the first 15 minutes (target ≤ 300 B), and the
 * `connections` table at the end against its size after VACUUM FULL (target ≤ 2×).
 *
 *   npx tsx bench/bloat.ts [--connections 3000] [--minutes 60] [--skip-without]
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCredentialCipher } from '../src/crypto/credential-cipher';
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { ensureHealthCheckPartitions } from '../src/db/partitions';
import { openPGliteDatabase } from '../src/db/pglite-database';
import { rollUpPending } from '../src/rollups/read-rollups';
import { recordChecks } from '../src/runner/record-checks';
import { embeddedHousekeeping, VACUUM_INTERVAL_MS } from '../src/scheduler/maintenance';
import { createTenant } from '../src/services/tenants';
import {
  BENCH_ENCRYPTION_KEY,
  type FigureRow,
  fmt,
  printTable,
  type SyntheticTarget,
  syntheticOutcomes,
} from './bench-support';
import { seedConnections } from './seed-connections';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '3000' },
    minutes: { type: 'string', default: '60' },
    /** Skip the comparison run without the vacuum (it doubles the time). */
    'skip-without': { type: 'boolean', default: false },
  },
});
const CONNECTIONS = Number(values.connections);
const MINUTES = Number(values.minutes);
const WARM_UP_MINUTES = 15;
const BATCH = 500;
/** Batches of one simulated minute; housekeeping every VACUUM_INTERVAL_MS of simulated time. */
const BATCHES_PER_MINUTE = Math.ceil(CONNECTIONS / BATCH);
const HOUSEKEEPING_EVERY_BATCHES = Math.max(
  1,
  Math.round((BATCHES_PER_MINUTE * VACUUM_INTERVAL_MS) / 60_000),
);

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += directoryBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

async function relationBytes(db: Database, name: string): Promise<number> {
  const { rows } = await db.query<{ bytes: string }>(
    'SELECT pg_total_relation_size($1::regclass)::text AS bytes',
    [name],
  );
  return Number(rows[0]?.bytes ?? 0);
}

interface RunResult {
  vacuum: boolean;
  checks: number;
  bytesPerCheck: number;
  warmDirBytes: number;
  endDirBytes: number;
  connectionsBytes: number;
  connectionsAfterFullVacuum: number;
  vacuumMs: number[];
  wallMs: number;
}

async function run(vacuum: boolean): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'waygate-bloat-'));
  const db = await openPGliteDatabase({ dataDir: dir });
  try {
    await migrate(db);
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - MINUTES * 60_000);
    await ensureHealthCheckPartitions(db, start, { daysBack: 1, daysAhead: 2 });
    await createTenant(db, 'Bloat tenant', new Date(start.getTime() - 3_600_000));
    const tenant = (await db.query<{ id: string }>('SELECT id FROM tenants LIMIT 1')).rows[0]!.id;
    await seedConnections(db, createCredentialCipher(BENCH_ENCRYPTION_KEY), {
      tenantId: tenant,
      baseUrls: Array.from({ length: 10 }, (_, i) => `http://127.0.1.${i + 1}:9`),
      connections: CONNECTIONS,
      tokenFor: (i) => `ok-${i}`,
      now: new Date(start.getTime() - 3_600_000),
    });
    const targets = (
      await db.query<{ id: string; action: string }>(
        `SELECT c.id, a.id AS action FROM connections c
           JOIN actions a ON a.integration_id = c.integration_id ORDER BY c.id`,
      )
    ).rows.map((r): SyntheticTarget => ({ connectionId: r.id, actionId: r.action }));
    await db.exec('CHECKPOINT');
    let checks = 0;
    let batches = 0;
    let warmChecks = 0;
    let warmDirBytes = 0;
    const vacuumMs: number[] = [];
    const started = performance.now();
    for (let minute = 0; minute < MINUTES; minute++) {
      const at = new Date(start.getTime() + minute * 60_000);
      const next = new Date(at.getTime() + 60_000);
      // The claim: lease stamped, next_check_at parked at the lease's expiry.
      await db.query(
        `UPDATE connections SET lease_owner = 'bloat', lease_expires_at = $1, next_check_at = $1
          WHERE tenant_id = $2`,
        [new Date(at.getTime() + 120_000), tenant],
      );
      // Each connection keeps its status (3 % unhealthy, 7 % degraded): a steady server, where
      // status changes (events) are rare; bench:storage covers the flapping mix.
      const all = syntheticOutcomes(tenant, targets, at, (_t, i) =>
        i % 100 < 3 ? 'unhealthy' : i % 100 < 10 ? 'degraded' : 'healthy',
      );
      for (let i = 0; i < all.length; i += BATCH) {
        const batch = all.slice(i, i + BATCH);
        await recordChecks(db, batch, {
          leaseOwner: 'bloat',
          nextCheckAt: batch.map(() => next),
        });
        await rollUpPending(db);
        batches += 1;
        if (vacuum && batches % HOUSEKEEPING_EVERY_BATCHES === 0) {
          vacuumMs.push(await embeddedHousekeeping(db));
        }
      }
      checks += all.length;
      if (minute + 1 === WARM_UP_MINUTES) {
        await db.exec('CHECKPOINT');
        warmDirBytes = directoryBytes(dir);
        warmChecks = checks;
      }
      if ((minute + 1) % 10 === 0) {
        process.stderr.write(
          `  ${vacuum ? 'with' : 'without'} vacuum: minute ${minute + 1}/${MINUTES}, ${fmt(checks)} checks, ${fmt(directoryBytes(dir) / 2 ** 20)} MiB, connections ${fmt((await relationBytes(db, 'connections')) / 2 ** 20, 2)} MiB\n`,
        );
      }
    }
    const wallMs = performance.now() - started;
    await db.exec('CHECKPOINT');
    const endDirBytes = directoryBytes(dir);
    // Where the bytes are: the largest relations and the WAL directory.
    const { rows: largest } = await db.query<{ name: string; bytes: string }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid)::text AS bytes FROM pg_class c
        WHERE c.relkind IN ('r', 'm') ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 6`,
    );
    const walDir = readdirSync(dir).includes('pg_wal') ? join(dir, 'pg_wal') : null;
    breakdown = `${largest.map((r) => `${r.name} ${fmt(Number(r.bytes) / 2 ** 20, 1)}`).join(', ')} MiB; pg_wal ${walDir ? fmt(directoryBytes(walDir) / 2 ** 20, 1) : '?'} MiB`;
    const connectionsBytes = await relationBytes(db, 'connections');
    await db.exec('VACUUM FULL connections');
    const connectionsAfterFullVacuum = await relationBytes(db, 'connections');
    return {
      vacuum,
      checks,
      bytesPerCheck: (endDirBytes - warmDirBytes) / (checks - warmChecks),
      warmDirBytes,
      endDirBytes,
      connectionsBytes,
      connectionsAfterFullVacuum,
      vacuumMs,
      wallMs,
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

let breakdown = '';
const figures: FigureRow[] = [];
for (const vacuum of values['skip-without'] ? [true] : [true, false]) {
  const r = await run(vacuum);
  const label = vacuum ? 'with the maintenance vacuum' : 'vacuum off (before)';
  const ratio = r.connectionsBytes / r.connectionsAfterFullVacuum;
  figures.push(
    {
      figure: `${label}: data directory growth per check after minute ${WARM_UP_MINUTES}`,
      value: `${fmt(r.bytesPerCheck)} B (${fmt(r.warmDirBytes / 2 ** 20, 1)} → ${fmt(r.endDirBytes / 2 ** 20, 1)} MiB, ${fmt(r.checks)} checks in ${fmt(r.wallMs / 1000, 1)} s)`,
      target: '≤ 300 B per check',
      met: vacuum ? r.bytesPerCheck <= 300 : null,
    },
    {
      figure: `${label}: connections at the end vs after VACUUM FULL`,
      value: `${fmt(r.connectionsBytes / 2 ** 20, 2)} MiB vs ${fmt(r.connectionsAfterFullVacuum / 2 ** 20, 2)} MiB = ${fmt(ratio, 2)}×`,
      target: '≤ 2×',
      met: vacuum ? ratio <= 2 : null,
    },
  );
  figures.push({
    figure: `${label}: largest relations and WAL at the end`,
    value: breakdown,
    target: '',
    met: null,
  });
  if (vacuum) {
    const sorted = [...r.vacuumMs].sort((a, b) => a - b);
    figures.push({
      figure: `${label}: VACUUM of the hot tables + CHECKPOINT (${r.vacuumMs.length} runs)`,
      value: `median ${fmt(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, max ${fmt(sorted.at(-1) ?? 0)} ms`,
      target: '',
      met: null,
    });
  }
}
printTable(
  `bench:bloat — PGlite (file-backed), ${fmt(CONNECTIONS)} connections at 1 min, ${MINUTES} simulated minutes (accelerated) — ${process.env.BENCH_MACHINE ?? '2 cores / 24 GiB'} — ${new Date().toISOString()}`,
  figures,
);
