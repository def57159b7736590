/**
 * `pnpm bench:seed --connections 10000 --days 7`: a fresh PostgreSQL database with N connections
 * and D days of 15-minute check history, written through the real schema — the partitioned
 * `health_checks` table, its queueing trigger and the roll-up pass after every chunk, daily rollups
 * derived at the end — so every later figure (API latency, storage, rollups) is measured on what
 * production would hold after D days.
 *
 * Rows are generated server-side (`INSERT … SELECT` over generate_series × connections), one
 * statement per chunk of hours, in time order, as the scheduler would have written them. Each
 * connection is checked at its own phase inside the 15 minutes (the scheduler's jitter formula).
 * Mix: ≈ 90 % healthy, 7 % degraded (latency over 2 s), 3 % unhealthy (5xx, timeouts, 401,
 * refused, 429); test-action latency log-normal with a median of 150 ms. Afterwards each
 * connection's denormalised health columns are set from its last check, and VACUUM ANALYZE runs
 * (what autovacuum does on a live table).
 *
 * The database (`waygate_bench_…`) is kept for `bench:api` / `bench:storage` (its name is
 * recorded in the OS temp dir) unless --drop; the previously recorded one is dropped first so at
 * most one seeded database exists. DATABASE_URL names the server (default 127.0.0.1:5432).
 *
 *   npx tsx bench/seed-history.ts --connections 10000 --days 7 [--parallel 2] [--drop]
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCredentialCipher } from '../src/crypto/credential-cipher';
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { compactClosedPartitions, ensureHealthCheckPartitions } from '../src/db/partitions';
import { openPostgresDatabase } from '../src/db/postgres-database';
import { deriveDailyRollups, rollUpPending } from '../src/rollups/read-rollups';
import { createTenant } from '../src/services/tenants';
import {
  adminQuery,
  BENCH_ENCRYPTION_KEY,
  clearState,
  databaseUrl,
  dropDatabase,
  type FigureRow,
  fmt,
  MACHINE,
  printTable,
  readState,
  storageFigures,
  writeState,
} from './bench-support';
import { seedConnections } from './seed-connections';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '10000' },
    days: { type: 'string', default: '7' },
    integrations: { type: 'string', default: '50' },
    parallel: { type: 'string', default: '2' },
    'chunk-hours': { type: 'string', default: '2' },
    drop: { type: 'boolean', default: false },
  },
});
const CONNECTIONS = Number(values.connections);
const DAYS = Number(values.days);
const INTEGRATIONS = Number(values.integrations);
const PARALLEL = Math.max(1, Number(values.parallel));
const CHUNK_MS = Number(values['chunk-hours']) * 3_600_000;
const INTERVAL_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
if (!(CONNECTIONS > 0 && DAYS > 0 && CHUNK_MS > 0)) {
  throw new Error('--connections, --days and --chunk-hours must be positive numbers');
}

/**
 * One chunk [from, to) of history for every connection. Slot k of a connection is at
 * origin + k × 15 min + its phase; draws come from random(), so every seed differs but the mix
 * and distributions do not.
 */
const CHUNK_SQL = `
  INSERT INTO health_checks (created_at, id, connection_id, tenant_id, test_action_id,
    credential_expires_at, latency_ms, test_action_latency_ms, status, check_type,
    credential_status, breaker_status, test_action_status_code, test_action_success, error_code,
    error_message)
  SELECT r.ts,
         -- a ULID as the server makes them: 48-bit millisecond time, then random bits
         (lpad(to_hex(floor(extract(epoch FROM r.ts) * 1000)::bigint), 12, '0')
           || substr(md5(random()::text), 1, 20))::uuid,
         r.connection_id, r.tenant_id, r.action_id, NULL,
         r.ta_latency + 1 + floor(r.u_overhead * 4)::int, r.ta_latency, r.status, 0, 0, 0,
         r.status_code, r.status <> 2, r.error_code,
         CASE r.error_code
           WHEN 'HTTP_5XX' THEN 'server error response (503)'
           WHEN 'TIMEOUT' THEN 'timed out after 10000 ms'
           WHEN 'UNAUTHORIZED' THEN 'credentials were rejected (401)'
           WHEN 'CONNECTION_REFUSED' THEN 'connection refused'
           WHEN 'RATE_LIMITED' THEN 'rate limited (429)'
         END
    FROM (
      SELECT d.ts, d.connection_id, d.tenant_id, d.action_id, d.u_overhead,
             d.status,
             CASE WHEN d.status = 2 THEN d.error_code END AS error_code,
             CASE
               WHEN d.status = 0 THEN 200
               WHEN d.status = 1 THEN 200
               WHEN d.error_code = 'HTTP_5XX' THEN 503
               WHEN d.error_code = 'UNAUTHORIZED' THEN 401
               WHEN d.error_code = 'RATE_LIMITED' THEN 429
             END AS status_code,
             CASE
               WHEN d.status = 0 THEN least(1999, greatest(20, round(d.lognormal)))::int
               WHEN d.status = 1 THEN (2000 + round(d.lognormal * 8))::int
               WHEN d.error_code = 'TIMEOUT' THEN 10000
               WHEN d.error_code = 'CONNECTION_REFUSED' THEN 1 + floor(d.u_overhead * 3)::int
               ELSE least(1999, greatest(20, round(d.lognormal)))::int
             END AS ta_latency
        FROM (
          SELECT s.ts, s.connection_id, s.tenant_id, s.action_id, s.u_overhead,
                 CASE WHEN s.u_status < 0.03 THEN 2 WHEN s.u_status < 0.10 THEN 1 ELSE 0 END AS status,
                 CASE WHEN s.u_error < 0.40 THEN 'HTTP_5XX' WHEN s.u_error < 0.65 THEN 'TIMEOUT'
                      WHEN s.u_error < 0.80 THEN 'UNAUTHORIZED'
                      WHEN s.u_error < 0.90 THEN 'CONNECTION_REFUSED' ELSE 'RATE_LIMITED' END AS error_code,
                 -- log-normal, median 150 ms, sigma 0.5 (Box-Muller)
                 exp(ln(150) + 0.5 * sqrt(-2 * ln(greatest(s.u1, 1e-12))) * cos(2 * pi() * s.u2)) AS lognormal
            FROM (
              SELECT $1::timestamptz + k * interval '15 minutes' + b.phase_ms * interval '1 millisecond' AS ts,
                     b.id AS connection_id, b.tenant_id, b.action_id,
                     random() AS u_status, random() AS u_error, random() AS u1, random() AS u2,
                     random() AS u_overhead
                FROM generate_series($2::int, $3::int) AS k
               CROSS JOIN waygate_bench_connections b
            ) s
           WHERE s.ts >= $4 AND s.ts < $5
        ) d
    ) r
   ORDER BY r.ts`;

async function seedHistory(
  db: Database,
  origin: Date,
  end: Date,
): Promise<{ rows: number; ms: number }> {
  // Chunks grouped by UTC day: one worker owns a day, so two workers never upsert the same daily
  // rollup rows (which would make them wait on each other's row locks).
  const days = new Map<string, { from: Date; to: Date }[]>();
  for (let t = origin.getTime(); t < end.getTime(); ) {
    const dayEnd = Math.floor(t / DAY_MS) * DAY_MS + DAY_MS;
    const to = Math.min(t + CHUNK_MS, dayEnd, end.getTime());
    const key = new Date(t).toISOString().slice(0, 10);
    if (!days.has(key)) days.set(key, []);
    days.get(key)!.push({ from: new Date(t), to: new Date(to) });
    t = to;
  }
  const queue = [...days.values()];
  let rows = 0;
  const started = performance.now();
  const totalChunks = queue.reduce((n, d) => n + d.length, 0);
  let done = 0;
  const worker = async () => {
    for (let day = queue.shift(); day; day = queue.shift()) {
      for (const chunk of day) {
        const k0 = Math.floor((chunk.from.getTime() - origin.getTime()) / INTERVAL_MS) - 1;
        const k1 = Math.ceil((chunk.to.getTime() - origin.getTime()) / INTERVAL_MS);
        const result = await db.query(CHUNK_SQL, [
          origin,
          Math.max(0, k0),
          k1,
          chunk.from,
          chunk.to,
        ]);
        rows += result.rowCount;
        // The scheduler's roll-up pass, as it runs every few seconds in production (part of the
        // insert rate: rollups are not free just because they left the insert statement).
        await rollUpPending(db);
        done += 1;
        if (done % 10 === 0 || done === totalChunks) {
          const s = (performance.now() - started) / 1000;
          process.stderr.write(
            `  ${done}/${totalChunks} chunks, ${fmt(rows)} rows, ${fmt(rows / s)} rows/s\n`,
          );
        }
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { rows, ms: performance.now() - started };
}

/** The connections' denormalised health columns and schedule, as their last check left them. */
async function syncConnectionsWithLastCheck(db: Database, end: Date) {
  await db.query(
    `UPDATE connections c SET
       health_status = CASE l.status WHEN 0 THEN 'healthy' WHEN 1 THEN 'degraded' ELSE 'unhealthy' END,
       health_reasons = CASE l.status WHEN 0 THEN '{}'::text[] WHEN 1 THEN '{latency_high}'
                                      ELSE '{test_action_failed}' END,
       last_health_check_at = l.created_at,
       last_health_check_id = l.id,
       consecutive_failures = CASE WHEN l.status = 2 THEN 1 ELSE 0 END,
       recent_failure_times = CASE WHEN l.status = 2 THEN ARRAY[l.created_at] ELSE '{}' END,
       next_check_at = l.created_at + interval '15 minutes',
       updated_at = l.created_at
      FROM (SELECT DISTINCT ON (connection_id) connection_id, id, created_at, status
              FROM health_checks
             WHERE created_at >= $1::timestamptz - interval '16 minutes' AND created_at < $1
             ORDER BY connection_id, created_at DESC, id DESC) l
     WHERE c.id = l.connection_id`,
    [end],
  );
}

async function main() {
  const previous = readState();
  if (previous) {
    process.stderr.write(`dropping the previously seeded database ${previous.database}\n`);
    await dropDatabase(previous.database);
    clearState();
  }
  const name = `waygate_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  console.log(`database: ${name}`);
  const db = await openPostgresDatabase(databaseUrl(name), { max: PARALLEL + 1 });
  const started = performance.now();
  let kept = false;
  try {
    await migrate(db);
    const end = new Date();
    // History starts at a slot boundary D days back; connections exist an hour before it.
    const origin = new Date(
      Math.floor((end.getTime() - DAYS * DAY_MS) / INTERVAL_MS) * INTERVAL_MS,
    );
    await ensureHealthCheckPartitions(db, end, { daysBack: DAYS + 1, daysAhead: 7 });
    // As if the server had run since the first seeded day: days are derived from hourly rows
    // once they end (not merged row by row as late checks).
    await db.query('UPDATE health_rollup_state SET daily_derived_until = $1', [
      new Date(Math.floor(origin.getTime() / DAY_MS) * DAY_MS),
    ]);
    const tenant = await createTenant(db, 'Bench tenant', new Date(origin.getTime() - 3_600_000));
    const tenantUuid = (await db.query<{ id: string }>('SELECT id FROM tenants LIMIT 1')).rows[0]!
      .id;
    void tenant;
    const connectionsStarted = performance.now();
    await seedConnections(db, createCredentialCipher(BENCH_ENCRYPTION_KEY), {
      tenantId: tenantUuid,
      // Placeholders: bench:api points the integrations at its loopback mock upstream.
      baseUrls: Array.from({ length: INTEGRATIONS }, (_, i) => `http://127.0.1.${i + 1}:9`),
      connections: CONNECTIONS,
      tokenFor: (i) => `ok-${i}`,
      now: new Date(origin.getTime() - 3_600_000),
    });
    const connectionsMs = performance.now() - connectionsStarted;
    // Each connection's phase inside the interval, from its ULID's random bits as the scheduler
    // computes it; a helper table for the generator, dropped at the end.
    await db.exec(`CREATE UNLOGGED TABLE waygate_bench_connections AS
      SELECT c.id, c.tenant_id, a.id AS action_id,
             (('x' || right(replace(c.id::text, '-', ''), 12))::bit(48)::bigint % ${INTERVAL_MS})::int AS phase_ms
        FROM connections c JOIN actions a ON a.integration_id = c.integration_id`);
    process.stderr.write(
      `seeding ${fmt(CONNECTIONS)} connections × ${DAYS} days (${PARALLEL} writers)\n`,
    );
    const history = await seedHistory(db, origin, end);
    await db.exec('DROP TABLE waygate_bench_connections');
    const deriveStarted = performance.now();
    const derived = await deriveDailyRollups(db, end);
    const deriveMs = performance.now() - deriveStarted;
    // The daily maintenance would have rebuilt each ended day's indexes full.
    const storageBefore = await storageFigures(db);
    const compactStarted = performance.now();
    const compacted = await compactClosedPartitions(db, end);
    const compactMs = performance.now() - compactStarted;
    const finishStarted = performance.now();
    await syncConnectionsWithLastCheck(db, end);
    await db.exec('VACUUM ANALYZE');
    const finishMs = performance.now() - finishStarted;
    const elapsedMs = performance.now() - started;
    const storage = await storageFigures(db);
    const perCheck = storage.partitionsBytes / storage.rows;
    const mb = (b: number) => `${fmt(b / 2 ** 20)} MiB`;
    const rows: FigureRow[] = [
      { figure: 'connections', value: fmt(CONNECTIONS), target: '', met: null },
      {
        figure: 'connections seeded (encrypted credentials)',
        value: `${fmt(connectionsMs / 1000, 1)} s`,
        target: '',
        met: null,
      },
      { figure: 'health_checks rows', value: fmt(history.rows), target: '', met: null },
      {
        figure: 'history insert rate (incl. the roll-up pass after each chunk)',
        value: `${fmt(history.rows / (history.ms / 1000))} rows/s`,
        target: '',
        met: null,
      },
      {
        figure: 'history insert time',
        value: `${fmt(history.ms / 1000, 1)} s`,
        target: '',
        met: null,
      },
      {
        figure: 'daily rollups derived from hourly (all ended days)',
        value: `${fmt(derived)} rows in ${fmt(deriveMs / 1000, 1)} s`,
        target: '',
        met: null,
      },
      {
        figure: 'closed days compacted (REINDEX CONCURRENTLY, fillfactor 100)',
        value: `${compacted.length} partitions in ${fmt(compactMs / 1000, 1)} s; bytes per check before ${fmt(storageBefore.partitionsBytes / storageBefore.rows)} B (indexes ${fmt(storageBefore.indexBytes / storageBefore.rows)} B)`,
        target: '',
        met: null,
      },
      {
        figure: 'sync connections + VACUUM ANALYZE',
        value: `${fmt(finishMs / 1000, 1)} s`,
        target: '',
        met: null,
      },
      { figure: 'elapsed', value: `${fmt(elapsedMs / 1000, 1)} s`, target: '', met: null },
      {
        figure: 'health_checks partitions (heap + indexes)',
        value: `${mb(storage.partitionsBytes)} (heap ${mb(storage.heapBytes)}, indexes ${mb(storage.indexBytes)})`,
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
        value: `${mb(storage.rollupBytes)} (${fmt(storage.rollupRows)} rows, ${fmt(storage.rollupBytes / storage.rows, 1)} B per check)`,
        target: '≤ 60 B per check',
        met: storage.rollupBytes / storage.rows <= 60,
      },
    ];
    printTable(
      `bench:seed — ${fmt(CONNECTIONS)} connections × ${DAYS} days on ${MACHINE} — ${new Date().toISOString()}`,
      rows,
    );
    if (!values.drop) {
      writeState({
        database: name,
        tenantUuid,
        connections: CONNECTIONS,
        days: DAYS,
        seededAt: end.toISOString(),
        integrations: INTEGRATIONS,
      });
      kept = true;
      console.log(
        `\nkept database ${name} for bench:api / bench:storage (dropped by the next seed or --drop)`,
      );
    }
  } finally {
    await db.close();
    if (!kept) await dropDatabase(name);
  }
}

await main();
