import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, QueryResult } from './database';

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(
  target: Queryable,
  root: PGlite,
  onClose: () => Promise<void>,
  inTx: boolean,
): Database {
  const db: Database = {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const result = await target.query<T>(sql, params);
      // `affectedRows` is 0 for a SELECT; `rows` is empty for a write without RETURNING.
      return {
        rows: result.rows,
        rowCount: Math.max(result.affectedRows ?? 0, result.rows.length),
      };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
    async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
      if (inTx) return fn(db);
      return root.transaction((tx) => fn(wrap(tx, root, onClose, true)));
    },
    close: onClose,
  };
  return db;
}

/**
 * PGlite: PostgreSQL in WASM, in memory (`dataDir` unset) or file-backed. It has one connection,
 * so statements and transactions run one after another. A file-backed data directory must be
 * opened by one process only: callers take `acquireDataDirLock` first.
 */
export async function openPGliteDatabase(
  options: { dataDir?: string; loadDataDir?: Blob; onClose?: () => Promise<void> | void } = {},
): Promise<Database & { pglite: PGlite }> {
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await pglite.close();
    await options.onClose?.();
  };
  return Object.assign(wrap(pglite, pglite, close, false), { pglite });
}
