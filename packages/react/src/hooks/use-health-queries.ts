'use client';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { UptimeWindow } from '@waygate/health-core';
import type { HealthCheckListParams, HealthEventListParams, LatencyParams } from './health-client';
import { useHealthClient } from './health-client-provider';
import {
  connectionQueryOptions,
  connectionUptimeQueryOptions,
  healthChecksInfiniteQueryOptions,
  healthEventsQueryOptions,
  healthSummaryQueryOptions,
  latencyQueryOptions,
  latestHealthCheckQueryOptions,
} from './query-options';

// Each hook is the matching queryOptions factory bound to the provider's client.

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
