import type { QueryClient } from '@tanstack/react-query';
import type { HealthClient } from '@waygate/health-client';
import { healthEventsQueryOptions, healthSummaryQueryOptions } from '@waygate/health-react';
import { connectionPageParams, connectionPageQueryOptions } from './connections/connection-pager';
import { FEED_LIMIT } from './notifications/event-feed';
import { matchRoute } from './router/routes';

/**
 * Starts the first screen's main request as soon as the modules have run, before React's first
 * render: the overview and the connection list then wait for one round trip, not for a render
 * followed by a round trip. Same query keys as the pages, so they pick the data up from the
 * cache. Only the request the screen waits for goes first: the embedded database answers one
 * query at a time, so a slower side request (the summary's counts on the list page) sent ahead
 * of it would delay it.
 */
export function prefetchFirstScreen(
  queryClient: QueryClient,
  client: HealthClient,
  location: { pathname: string; search: string },
): void {
  const route = matchRoute(location.pathname);
  if (route.name === 'overview') {
    void queryClient.prefetchQuery(healthSummaryQueryOptions(client));
    void queryClient.prefetchQuery(healthEventsQueryOptions(client, { limit: FEED_LIMIT }));
  } else if (route.name === 'connections') {
    const params = connectionPageParams(new URLSearchParams(location.search));
    void queryClient.prefetchQuery(connectionPageQueryOptions(client, params));
  }
}
