import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { countDbError } from '../prometheus/metrics';
import type { Database, QueryResult } from './database';
import { makePrivate, NOT_PRIVATE } from './private-files';

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
      const result = await target.query<T>(sql, params).catch((error: unknown) => {
        countDbError();
        throw error;
      });
      // `affectedRows` is 0 for a SELECT; `rows` is empty for a write without RETURNING.
      return {
        rows: result.rows,
        rowCount: Math.max(result.affectedRows ?? 0, result.rows.length),
      };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql).catch((error: unknown) => {
        countDbError();
        throw error;
      });
    },
    async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
      if (inTx) return fn(db);
      return root.transaction((tx) => fn(wrap(tx, root, onClose, true)));
    },
    close: onClose,
  };
  return db;
}

/** The parts of Emscripten's NODEFS (the file system PGlite mounts on a data directory) we wrap. */
interface NodeFsOps {
  node_ops: {
    mknod(parent: unknown, name: string, mode: number, dev: number): unknown;
    setattr(node: unknown, attr: { mode?: number }): void;
  };
  stream_ops: { setattr?(stream: unknown, attr: { mode?: number }): void };
}

const wrapped = new WeakSet<object>();

/**
 * Strips group and other bits from every mode PGlite's file system sets. PGlite (Emscripten)
 * creates files with its own umask of 022 and then chmods them to the mode PostgreSQL asked for,
 * so the process umask does not reach them: without this, initdb's files are 0666 and files
 * PostgreSQL writes later with fopen (pg_internal.init, statistics) 0644.
 */
function privateModes(nodefs: NodeFsOps): void {
  if (wrapped.has(nodefs)) return;
  wrapped.add(nodefs);
  const ops = nodefs.node_ops;
  const { mknod, setattr } = ops;
  const streamSetattr = nodefs.stream_ops.setattr;
  const mask = (attr: { mode?: number }) =>
    attr.mode == null ? attr : { ...attr, mode: attr.mode & ~NOT_PRIVATE };
  ops.mknod = (parent, name, mode, dev) => mknod(parent, name, mode & ~NOT_PRIVATE, dev);
  ops.setattr = (node, attr) => setattr(node, mask(attr));
  if (streamSetattr)
    nodefs.stream_ops.setattr = (stream, attr) => streamSetattr(stream, mask(attr));
}

/** PGlite's Node file system, with owner-only modes for everything it creates. */
class PrivateNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const { emscriptenOpts } = await super.init(pg, opts);
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        preRun: [
          (mod: { NODEFS: unknown }) => privateModes(mod.NODEFS as NodeFsOps),
          ...(emscriptenOpts.preRun ?? []),
        ],
      },
    };
  }
}

/**
 * PGlite: PostgreSQL in WASM, in memory (`dataDir` unset) or file-backed. It has one connection,
 * so statements and transactions run one after another. A file-backed data directory must be
 * opened by one process only: callers take `acquireDataDirLock` first. A file-backed directory
 * is private: existing entries are made 0700/0600 and everything PGlite creates is owner-only.
 */
export async function openPGliteDatabase(
  options: { dataDir?: string; loadDataDir?: Blob; onClose?: () => Promise<void> | void } = {},
): Promise<Database & { pglite: PGlite }> {
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    makePrivate(options.dataDir);
  }
  const pglite = await PGlite.create({
    ...(options.dataDir ? { fs: new PrivateNodeFS(options.dataDir) } : {}),
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
