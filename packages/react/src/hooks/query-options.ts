import type { UptimeWindow } from '@waygate/health-core';
import type {
  ConnectionListParams,
  HealthCheckListParams,
  HealthClientLike,
  HealthEventListParams,
  LatencyParams,
} from './health-client';
import { healthKeys } from './query-keys';

// react-query's `queryOptions` and `infiniteQueryOptions` return their argument unchanged; only
// their types matter. Importing them would load react-query's index, which creates React
// contexts at import time and so fails under the `react-server` condition (a Server
// Component outside Next's client-reference handling, or plain Node with that condition).
// Local identities typed as react-query's keep the `DataTag` typing of the query keys.
const queryOptions = ((options: unknown) =>
  options) as typeof import('@tanstack/react-query').queryOptions;
const infiniteQueryOptions = ((options: unknown) =>
  options) as typeof import('@tanstack/react-query').infiniteQueryOptions;

/**
 * Shared by every factory. Checks are written every few minutes: a minute of freshness avoids
 * refetch storms on focus. `retry: false` because the SDK already retries GETs (backoff,
 * Retry-After, never a timeout): react-query's own three retries on top multiplied the
 * requests (3 × 3) and delayed the error state by ~12 s. One policy, the SDK's, bounds the
 * time until an error shows.
 */
const QUERY_DEFAULTS = { staleTime: 60_000, retry: false } as const;

/** One page of connections (default 50, newest first), with their health status. */
export function connectionsQueryOptions(
  client: HealthClientLike,
  filters: Omit<ConnectionListParams, 'cursor'> = {},
) {
  return queryOptions({
    queryKey: healthKeys.connectionList(filters),
    queryFn: ({ signal }) => client.connections.list(filters, { signal }),
    ...QUERY_DEFAULTS,
  });
}

/** Every connection, page after page as `fetchNextPage` asks (the opaque cursor followed). */
export function connectionsInfiniteQueryOptions(
  client: HealthClientLike,
  filters: Omit<ConnectionListParams, 'cursor'> = {},
) {
  return infiniteQueryOptions({
    queryKey: healthKeys.connectionPages(filters),
    queryFn: ({ pageParam, signal }) =>
      client.connections.list(
        { ...filters, ...(pageParam ? { cursor: pageParam } : {}) },
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => (page.pagination.hasMore ? page.pagination.cursor : null),
    ...QUERY_DEFAULTS,
  });
}

export function connectionQueryOptions(client: HealthClientLike, connectionId: string) {
  return queryOptions({
    queryKey: healthKeys.connectionDetail(connectionId),
    queryFn: ({ signal }) => client.connections.get(connectionId, { signal }),
    ...QUERY_DEFAULTS,
  });
}

/** Newest first, one page per request; `fetchNextPage` follows the opaque cursor. */
export function healthChecksInfiniteQueryOptions(
  client: HealthClientLike,
  connectionId: string,
  filters: Omit<HealthCheckListParams, 'cursor'> = {},
) {
  return infiniteQueryOptions({
    queryKey: healthKeys.checkList(connectionId, filters),
    queryFn: ({ pageParam, signal }) =>
      client.healthChecks.list(
        connectionId,
        { ...filters, ...(pageParam ? { cursor: pageParam } : {}) },
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => (page.pagination.hasMore ? page.pagination.cursor : null),
    ...QUERY_DEFAULTS,
  });
}

export function latestHealthCheckQueryOptions(client: HealthClientLike, connectionId: string) {
  return queryOptions({
    queryKey: healthKeys.latest(connectionId),
    queryFn: ({ signal }) => client.healthChecks.latest(connectionId, { signal }),
    ...QUERY_DEFAULTS,
  });
}

export function healthSummaryQueryOptions(client: HealthClientLike) {
  return queryOptions({
    queryKey: healthKeys.summary(),
    queryFn: ({ signal }) => client.summary({}, { signal }),
    ...QUERY_DEFAULTS,
  });
}

export function connectionUptimeQueryOptions(
  client: HealthClientLike,
  connectionId: string,
  window: UptimeWindow = '24h',
) {
  return queryOptions({
    queryKey: healthKeys.uptime(connectionId, window),
    queryFn: ({ signal }) => client.uptime(connectionId, window, { signal }),
    ...QUERY_DEFAULTS,
  });
}

export function latencyQueryOptions(
  client: HealthClientLike,
  connectionId: string,
  params: LatencyParams = {},
) {
  const normalized: LatencyParams = {
    bucket: params.bucket ?? 'hour',
    window: params.window ?? '24h',
  };
  return queryOptions({
    queryKey: healthKeys.latency(connectionId, normalized),
    queryFn: ({ signal }) => client.latency(connectionId, normalized, { signal }),
    ...QUERY_DEFAULTS,
  });
}

export function healthEventsQueryOptions(
  client: HealthClientLike,
  params: Omit<HealthEventListParams, 'cursor'> = {},
) {
  return queryOptions({
    queryKey: healthKeys.events(params),
    queryFn: ({ signal }) => client.events.list(params, { signal }),
    ...QUERY_DEFAULTS,
  });
}
