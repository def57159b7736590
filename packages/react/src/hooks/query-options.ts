import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { UptimeWindow } from '@waygate/health-core';
import type {
  HealthCheckListParams,
  HealthClientLike,
  HealthEventListParams,
  LatencyParams,
} from './health-client';
import { healthKeys } from './query-keys';

/** Checks are written every few minutes: a minute of freshness avoids refetch storms on focus. */
const STALE_MS = 60_000;

export function connectionQueryOptions(client: HealthClientLike, connectionId: string) {
  return queryOptions({
    queryKey: healthKeys.connectionDetail(connectionId),
    queryFn: ({ signal }) => client.connections.get(connectionId, { signal }),
    staleTime: STALE_MS,
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
    staleTime: STALE_MS,
  });
}

export function latestHealthCheckQueryOptions(client: HealthClientLike, connectionId: string) {
  return queryOptions({
    queryKey: healthKeys.latest(connectionId),
    queryFn: ({ signal }) => client.healthChecks.latest(connectionId, { signal }),
    staleTime: STALE_MS,
  });
}

export function healthSummaryQueryOptions(client: HealthClientLike) {
  return queryOptions({
    queryKey: healthKeys.summary(),
    queryFn: ({ signal }) => client.summary({}, { signal }),
    staleTime: STALE_MS,
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
    staleTime: STALE_MS,
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
    staleTime: STALE_MS,
  });
}

export function healthEventsQueryOptions(
  client: HealthClientLike,
  params: Omit<HealthEventListParams, 'cursor'> = {},
) {
  return queryOptions({
    queryKey: healthKeys.events(params),
    queryFn: ({ signal }) => client.events.list(params, { signal }),
    staleTime: STALE_MS,
  });
}
