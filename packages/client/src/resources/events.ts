import type { HealthEvent, HealthEventListQuery } from '@waygate/health-core';
import { fetchPage } from '../calls';
import type { RequestOptions } from '../options';
import { type ListQuery, type Page, paginate } from '../pagination';
import type { Transport } from '../transport';

/** Filters and paging of `list()` / `iterate()`; see core's `HealthEventListQuery`. */
export type EventQuery = ListQuery<typeof HealthEventListQuery>;

/** `/health-events`: tenant-wide changes of health status, newest first. */
export const createEventsResource = (transport: Transport) => {
  const list = (query: EventQuery = {}, options?: RequestOptions): Promise<Page<HealthEvent>> =>
    fetchPage(transport, ['health-events'], 'HealthEvent', query, options);

  return {
    /** Filter by `connectionId` or `since` (ISO-8601). */
    list,
    iterate: (query: EventQuery = {}, options?: RequestOptions): AsyncGenerator<HealthEvent> =>
      paginate((cursor) => list({ ...query, cursor }, options), query.cursor),
  };
};

export type EventsResource = ReturnType<typeof createEventsResource>;
