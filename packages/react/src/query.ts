// Server-safe entry (`@waygate/health-react/query`): no 'use client', no component, no hook.
// A React Server Component (or any server code) imports the keys and queryOptions factories
// from here to prefetch; the client components then read the same cache entries.

export type {
  ConnectionListParams,
  HealthCheckListParams,
  HealthClientLike,
  HealthEventListParams,
  LatencyParams,
  Page,
  RequestOptionsLike,
} from './hooks/health-client';
export { healthKeys } from './hooks/query-keys';
export {
  connectionQueryOptions,
  connectionsInfiniteQueryOptions,
  connectionsQueryOptions,
  connectionUptimeQueryOptions,
  healthChecksInfiniteQueryOptions,
  healthEventsQueryOptions,
  healthSummaryQueryOptions,
  latencyQueryOptions,
  latestHealthCheckQueryOptions,
} from './hooks/query-options';
