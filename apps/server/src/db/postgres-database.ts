import type pg from 'pg';
import { countDbError, trackPool } from '../prometheus/metrics';
import type { Database, QueryResult } from './database';

type Client = pg.Pool | pg.PoolClient;

/** Counts a failed statement for `waygate_db_errors_total` and rethrows it unchanged. */
function countedError(error: unknown): never {
  countDbError();
  throw error;
}

const untrackers = new WeakMap<pg.Pool, () => void>();
function untrackPool(pool: pg.Pool): void {
  untrackers.get(pool)?.();
  untrackers.delete(pool);
}

function wrap(client: Client, pool: pg.Pool, inTx: boolean): Database {
  const db: Database = {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const result = await client.query(sql, params).catch(countedError);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      // No parameters → simple query protocol, which accepts several statements.
      await client.query(sql).catch(countedError);
    },
    async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
      if (inTx) return fn(db);
      const conn = await pool.connect();
      // A checked-out client has no pool listener: if the server goes away mid-transaction the
      // client emits 'error', which must not crash the process. The query in flight rejects
      // anyway; the broken client is handed back as such so the pool drops it.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      conn.on('error', onError);
      try {
        await conn.query('BEGIN');
        const result = await fn(wrap(conn, pool, true));
        await conn.query('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        conn.off('error', onError);
        conn.release(broken);
      }
    },
    async close(): Promise<void> {
      untrackPool(pool);
      await pool.end();
    },
  };
  return db;
}

/** A pg Pool on `DATABASE_URL`; `max` should cover the runner's concurrency. */
export async function openPostgresDatabase(
  connectionString: string,
  options: { max?: number } = {},
): Promise<Database> {
  // Loaded on demand: processes on the embedded database never load the pg driver.
  const { default: driver } = await import('pg');
  // A database that does not answer fails a request after 5 s (503) instead of holding it.
  const pool = new driver.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  untrackers.set(pool, trackPool(pool));
  return wrap(pool, pool, false);
}
