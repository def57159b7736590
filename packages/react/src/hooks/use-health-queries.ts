'use client';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { UptimeWindow } from '@waygate/health-core';
import type {
  ConnectionListParams,
  HealthCheckListParams,
  HealthEventListParams,
  LatencyParams,
} from './health-client';
import { useHealthClient } from './health-client-provider';
import {
  connectionQueryOptions,
  connectionsInfiniteQueryOptions,
  connectionsQueryOptions,
  connectionUptimeQueryOptions,
  healthChecksInfiniteQueryOptions,
  healthEventsQueryOptions,
  healthSummaryQueryOptions,
  latencyQueryOptions,
  latestHealthCheckQueryOptions,
} from './query-options';

// Each hook is the matching queryOptions factory bound to the provider's client.

/** One page of connections with their status: render badges from the rows (no N+1). */
export function useConnections(filters: Omit<ConnectionListParams, 'cursor'> = {}) {
  return useQuery(connectionsQueryOptions(useHealthClient(), filters));
}

/** Every connection, one page per `fetchNextPage()`. */
export function useInfiniteConnections(filters: Omit<ConnectionListParams, 'cursor'> = {}) {
  return useInfiniteQuery(connectionsInfiniteQueryOptions(useHealthClient(), filters));
}

export function useConnection(connectionId: string) {
  return useQuery(connectionQueryOptions(useHealthClient(), connectionId));
}

export function useHealthChecks(
  connectionId: string,
  filters: Omit<HealthCheckListParams, 'cursor'> = {},
) {
  return useInfiniteQuery(
    healthChecksInfiniteQueryOptions(useHealthClient(), connectionId, filters),
  );
}

export function useLatestHealthCheck(connectionId: string) {
  return useQuery(latestHealthCheckQueryOptions(useHealthClient(), connectionId));
}

export function useHealthSummary() {
  return useQuery(healthSummaryQueryOptions(useHealthClient()));
}

export function useConnectionUptime(connectionId: string, window: UptimeWindow = '24h') {
  return useQuery(connectionUptimeQueryOptions(useHealthClient(), connectionId, window));
}

export function useLatency(connectionId: string, params: LatencyParams = {}) {
  return useQuery(latencyQueryOptions(useHealthClient(), connectionId, params));
}

export function useHealthEvents(params: Omit<HealthEventListParams, 'cursor'> = {}) {
  return useQuery(healthEventsQueryOptions(useHealthClient(), params));
}
