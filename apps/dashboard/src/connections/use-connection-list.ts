import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { healthSummaryQueryOptions, useHealthClient } from '@waygate/health-react';
import { useRef } from 'react';
import { useSession } from '../auth/session';
import { useSearchParams } from '../router/router';
import {
  connectionPageParams,
  connectionPageQueryOptions,
  encodePosition,
  type PagePosition,
} from './connection-pager';

/** Scheduled checks keep landing; the list follows them while it is open. */
const LIST_REFRESH_MS = 30_000;

/**
 * The connection list's state, all of it from the URL (`?status=&integration=&sort=&after=`) so
 * every view is deep-linkable and Back works: the page of rows, the total it is a page of, and
 * the moves between pages.
 */
export function useConnectionList() {
  const { client } = useSession();
  const healthClient = useHealthClient();
  const [params, setParams] = useSearchParams();
  const listRef = useRef<HTMLElement>(null);

  const pageParams = connectionPageParams(params);
  const { status, integrationId } = pageParams;

  const page = useQuery({
    ...connectionPageQueryOptions(client, pageParams),
    placeholderData: keepPreviousData,
    refetchInterval: LIST_REFRESH_MS,
  });
  const summary = useQuery(healthSummaryQueryOptions(healthClient));

  // The total is known from the summary unless the list is narrowed to one integration. The
  // status filter matches a connection never checked by its stored status (healthy), so the
  // healthy list also holds the summary's never-checked connections (shown "Not checked").
  const counts = summary.data && !integrationId ? summary.data : null;
  const notChecked = counts && status === 'healthy' ? counts.neverChecked : 0;
  const total = counts ? (status ? counts[status] + notChecked : counts.totalConnections) : null;
  const rows = page.data?.rows ?? [];
  const offset = page.data?.offset ?? 0;
  const hasNext = Boolean(page.data?.next) && (total === null || offset + rows.length < total);

  // Focus follows the page change so keyboard and screen-reader users land on the new rows.
  const goTo = (next: PagePosition | null) => {
    setParams({ after: next ? encodePosition(next) : null });
    listRef.current?.focus({ preventScroll: true });
  };

  return {
    ...pageParams,
    setParams,
    page,
    listRef,
    total,
    notChecked,
    rows,
    offset,
    hasNext,
    goTo,
    filtered: Boolean(status || integrationId),
  };
}

export type ConnectionList = ReturnType<typeof useConnectionList>;
