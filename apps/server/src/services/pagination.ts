import type { Pagination } from '@waygate/health-core';
import { encodeCursor } from '../cursor';

/**
 * Lists fetch `limit + 1` rows ordered by (created_at DESC, id DESC): the extra row only tells
 * whether there is a next page; the cursor points at the last row returned.
 */
export function paginate<R extends { created_at: Date | string }, T>(
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
