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
    queryFn: () => client.connections.get(connectionId),
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
    queryFn: ({ pageParam }) =>
      client.healthChecks.list(connectionId, {
        ...filters,
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => (page.pagination.hasMore ? page.pagination.cursor : null),
    staleTime: STALE_MS,
  });
}

export function latestHealthCheckQueryOptions(client: HealthClientLike, connectionId: string) {
  return queryOptions({
    queryKey: healthKeys.latest(connectionId),
    queryFn: () => client.healthChecks.latest(connectionId),
    staleTime: STALE_MS,
  });
}

export function healthSummaryQueryOptions(client: HealthClientLike) {
  return queryOptions({
    queryKey: healthKeys.summary(),
    queryFn: () => client.summary(),
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
    queryFn: () => client.uptime(connectionId, window),
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
    queryFn: () => client.latency(connectionId, normalized),
    staleTime: STALE_MS,
  });
}

export function healthEventsQueryOptions(
  client: HealthClientLike,
  params: Omit<HealthEventListParams, 'cursor'> = {},
) {
  return queryOptions({
    queryKey: healthKeys.events(params),
    queryFn: () => client.events.list(params),
    staleTime: STALE_MS,
  });
}
