import type { PageQuery as PageQuerySchema, Pagination } from '@waygate/health-core';
import type { z } from 'zod';
import { ResponseValidationError } from './errors';

/** What every `list()` returns: one page of items and the cursor to the next. */
export interface Page<T> {
  data: T[];
  pagination: Pagination;
}

/**
 * The query a list method takes: the parsed (output) side of core's query schema, all
 * optional, so `limit` is a `number` rather than the `unknown` a coercing schema accepts.
 */
export type ListQuery<S extends z.ZodType> = Partial<z.output<S>>;

/** `limit` (1–100) and the opaque `cursor` from a previous page: core's `PageQuery`, as the server validates it. */
export type PageQuery = ListQuery<typeof PageQuerySchema>;

/**
 * Walks every page from `firstCursor` on and yields the items one by one, fetching the
 * next page only when the caller asks for more (so `break` stops the requests).
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  firstCursor?: string,
): AsyncGenerator<T, void, undefined> {
  let cursor = firstCursor;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.data;
    const next = page.pagination.cursor;
    if (!page.pagination.hasMore || !next) return;
    // A server handing back the same cursor would loop forever; fail loudly instead.
    if (next === cursor) {
      throw new ResponseValidationError({
        message: 'The server returned the same pagination cursor twice',
        status: 200,
        issues: [{ path: 'pagination.cursor', message: 'cursor did not advance' }],
      });
    }
    cursor = next;
  }
}
