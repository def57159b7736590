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
