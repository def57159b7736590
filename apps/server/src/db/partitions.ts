import type { Database } from './database';

const DAY_MS = 86_400_000;

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Creates the daily `health_checks` partitions from `daysBack` before `now` to `daysAhead` after
 * (UTC days) that do not exist yet. Called at start; the scheduler calls it daily. Returns the
 * number of partitions created.
 */
export async function ensureHealthCheckPartitions(
  db: Database,
  now: Date,
  options: { daysBack?: number; daysAhead?: number } = {},
): Promise<number> {
  const from = new Date(now.getTime() - (options.daysBack ?? 1) * DAY_MS);
  const to = new Date(now.getTime() + (options.daysAhead ?? 2) * DAY_MS);
  const { rows } = await db.query<{ created: number }>(
    'SELECT waygate_ensure_health_check_partitions($1::date, $2::date) AS created',
    [utcDay(from), utcDay(to)],
  );
  return rows[0]?.created ?? 0;
}

/** The daily partitions that exist, oldest first (`health_checks_p20260125` → `2026-01-25`). */
export async function listHealthCheckPartitions(
  db: Database,
): Promise<{ name: string; day: string }[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'health_checks' AND c.relname ~ '^health_checks_p[0-9]{8}$'
      ORDER BY c.relname`,
  );
  return rows.map(({ name }) => {
    const d = name.slice(-8);
    return { name, day: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` };
  });
}

/**
 * Compacts the indexes of daily partitions whose day has ended (UTC, before `now`'s day) and that
 * were not compacted yet: each index gets fillfactor 100 (a closed day takes no more inserts, so
 * no room is kept for them) and is rebuilt. Indexes grown by inserts in time order carry half-full
 * pages (connection index ≈ 80 B per row); rebuilt full they take ≈ 58 B (bench/README.md).
 * `fillfactor = 100` on the connection index marks a partition as done. On PostgreSQL the rebuild
 * is `REINDEX … CONCURRENTLY` (readers and writers never wait); PGlite has one connection anyway.
 * A day someone is reading right now is left for the next run. Returns the partitions compacted.
 */
export async function compactClosedPartitions(db: Database, now: Date): Promise<string[]> {
  const today = utcDay(now).replaceAll('-', '');
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'health_checks' AND c.relname ~ '^health_checks_p[0-9]{8}$'
        AND right(c.relname, 8) < $1
        AND EXISTS (SELECT 1 FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
                     WHERE x.indrelid = c.oid
                       AND NOT COALESCE('fillfactor=100' = ANY (ic.reloptions), false))
      ORDER BY c.relname`,
    [today],
  );
  const compacted: string[] = [];
  for (const { name } of rows) {
    // The name comes from the catalogue and matches ^health_checks_p[0-9]{8}$.
    // A concurrent rebuild waits for every transaction already reading the table: a long report
    // would hold the maintenance up (and, if it waits on it, never end). Skip the day this time.
    const { rows: readers } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE relation = $1::regclass AND granted AND pid <> pg_backend_pid()`,
      [name],
    );
    if ((readers[0]?.n ?? 0) > 0) continue;
    // A rebuild that failed half-way leaves invalid `…_ccnew` copies: drop them first.
    const { rows: leftovers } = await db.query<{ index: string }>(
      `SELECT ic.relname AS index FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
        WHERE x.indrelid = $1::regclass AND NOT x.indisvalid`,
      [name],
    );
    for (const { index } of leftovers) {
      await db.query(`DROP INDEX IF EXISTS "${index.replaceAll('"', '""')}"`);
    }
    const { rows: indexes } = await db.query<{ index: string }>(
      `SELECT ic.relname AS index FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
        WHERE x.indrelid = $1::regclass AND x.indisvalid`,
      [name],
    );
    for (const { index } of indexes) {
      await db.query(`ALTER INDEX "${index.replaceAll('"', '""')}" SET (fillfactor = 100)`);
    }
    await db.query(`REINDEX TABLE ${db.kind === 'postgres' ? 'CONCURRENTLY ' : ''}${name}`);
    compacted.push(name);
  }
  return compacted;
}
