import { useInfiniteQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, LoadingState } from '@waygate/health-react';
import { useEffect } from 'react';
import { useSession } from '../auth/session';
import { dashboardKeys } from '../dashboard-keys';
import { usePageTitle } from '../layout/use-page-title';
import { PageHeader } from '../ui/page-header';
import { EVENT_POLL_MS, useEventFeed } from './event-feed';
import { EventItem } from './event-item';

/** Every state change of the tenant, newest first, page by page. */
export function NotificationsPage() {
  usePageTitle('Status changes');
  const { client } = useSession();
  const { markAllRead, isUnread, events: latest } = useEventFeed();
  const query = useInfiniteQuery({
    queryKey: dashboardKeys.eventLog(),
    queryFn: ({ pageParam }) =>
      client.events.list({ limit: 50, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => (page.pagination.hasMore ? page.pagination.cursor : null),
    refetchInterval: EVENT_POLL_MS,
  });

  // Visiting this page reads every notification, including ones that arrive while it is open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the feed changes
  useEffect(() => markAllRead(), [markAllRead, latest]);

  const events = query.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <>
      <PageHeader title="Status changes">
        Every time a connection's health changed, newest first. New changes also appear as
        notifications while the dashboard is open.
      </PageHeader>
      {query.isPending ? (
        <LoadingState label="Loading status changes…" />
      ) : query.isError ? (
        <ErrorState
          title="Status changes could not be loaded"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : events.length === 0 ? (
        <EmptyState title="No status changes yet">
          A change is recorded when a connection is first checked and whenever its status moves.
        </EmptyState>
      ) : (
        <section className="wg-card" aria-label="Status change log">
          <ul className="event-list event-list-page">
            {events.map((event) => (
              <EventItem key={event.id} event={event} unread={isUnread(event)} />
            ))}
          </ul>
          {query.hasNextPage && (
            <div className="wg-table-footer">
              <button
                type="button"
                className="wg-button"
                disabled={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
              >
                {query.isFetchingNextPage ? 'Loading…' : 'Load older changes'}
              </button>
            </div>
          )}
        </section>
      )}
    </>
  );
}
