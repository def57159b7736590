import type { IdKind, Pagination } from '@waygate/health-core';
import { decodeCursor, encodeCursor } from '../cursor';
import type { Database } from '../db/database';
import { fromPublicId, toPublicId } from '../ids';

/**
 * Lists fetch `limit + 1` rows ordered by (created_at DESC, id DESC): the extra row only tells
 * whether there is a next page; the cursor points at the last row returned.
 */
function paginate<R extends { created_at: Date | string }, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
  publicId: (row: R) => string,
): { data: T[]; pagination: Pagination } {
  const page = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  const last = page[page.length - 1];
  return {
    data: page.map(toItem),
    pagination: {
      hasMore,
      cursor: hasMore && last ? encodeCursor(new Date(last.created_at), publicId(last)) : null,
    },
  };
}

/** How a list's ids travel in its cursor: public ids of one kind, or a codec of its own. */
export interface CursorIds {
  decode(publicId: string): string | null;
  encode(uuid: string): string;
}

export const publicIds = (kind: IdKind): CursorIds => ({
  decode: (id) => fromPublicId(kind, id),
  encode: (uuid) => toPublicId(kind, uuid),
});

export interface KeysetList<R extends { id: string; created_at: Date | string }, T> {
  /** Columns to select (default `*`). */
  select?: string;
  /** Table or join, e.g. `connections c JOIN integrations i ON i.id = c.integration_id`. */
  from: string;
  /** Alias of the listed table in `from` (its created_at and id order the list), if any. */
  alias?: string;
  /** Filters as SQL conditions over `params` ($1 = params[0]); the cursor and limit are added. */
  where: string[];
  params: unknown[];
  query: { limit: number; cursor?: string | undefined };
  ids: CursorIds;
  toItem: (row: R) => T;
}

/**
 * One page of a keyset-paginated list, newest first: the filters, the cursor's position as
 * `(created_at, id) < (…)`, `ORDER BY created_at DESC, id DESC` and `LIMIT limit + 1`, then
 * `paginate`. Every list of the API pages this way; a cursor that does not decode is a 400
 * INVALID_CURSOR (cursor.ts), never an empty page.
 */
export async function listPage<R extends { id: string; created_at: Date | string }, T>(
  db: Database,
  list: KeysetList<R, T>,
): Promise<{ data: T[]; pagination: Pagination }> {
  const column = (name: string) => (list.alias ? `${list.alias}.${name}` : name);
  const params = [...list.params];
  const where = [...list.where];
  if (list.query.cursor) {
    const position = decodeCursor(list.query.cursor, list.ids.decode);
    params.push(position.createdAt, position.id);
    const [at, id] = [`$${params.length - 1}`, `$${params.length}`];
    // The plain `created_at <=` lets the planner prune newer partitions (health_checks is
    // partitioned by day); the row comparison alone does not.
    where.push(
      `${column('created_at')} <= ${at} AND (${column('created_at')}, ${column('id')}) < (${at}, ${id})`,
    );
  }
  params.push(list.query.limit + 1);
  const { rows } = await db.query<R>(
    `SELECT ${list.select ?? '*'} FROM ${list.from}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${column('created_at')} DESC, ${column('id')} DESC LIMIT $${params.length}`,
    params,
  );
  return paginate(rows, list.query.limit, list.toItem, (row) => list.ids.encode(row.id));
}
