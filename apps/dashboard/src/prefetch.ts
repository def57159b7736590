import type { QueryClient } from '@tanstack/react-query';
import type { HealthClient } from '@waygate/health-client';
import { healthEventsQueryOptions, healthSummaryQueryOptions } from '@waygate/health-react';
import { connectionPageParams, connectionPageQueryOptions } from './connections/connection-pager';
import { FEED_LIMIT } from './notifications/event-feed';
import { matchRoute } from './router/routes';

/**
 * Starts the first screen's requests as soon as the modules have run, before React's first
 * render: the overview and the connection list then wait for one round trip, not for a render
 * followed by a round trip. Same query keys as the pages, so they pick the data up from the cache.
 */
export function prefetchFirstScreen(
  queryClient: QueryClient,
  client: HealthClient,
  location: { pathname: string; search: string },
): void {
  const route = matchRoute(location.pathname);
  void queryClient.prefetchQuery(healthEventsQueryOptions(client, { limit: FEED_LIMIT }));
  if (route.name === 'overview' || route.name === 'connections') {
    void queryClient.prefetchQuery(healthSummaryQueryOptions(client));
  }
  if (route.name === 'connections') {
    const params = connectionPageParams(new URLSearchParams(location.search));
    void queryClient.prefetchQuery(connectionPageQueryOptions(client, params));
  }
}
