import type { UptimeWindow } from '@waygate/health-core';
import type { HealthCheckListParams, HealthEventListParams, LatencyParams } from './health-client';

/**
 * Query keys, nested so that one prefix invalidates a family: `connection(id)` covers the
 * connection's checks, latest check, uptime and latency.
 */
export const healthKeys = {
  all: ['waygate-health'] as const,
  connection: (connectionId: string) => [...healthKeys.all, 'connection', connectionId] as const,
  connectionDetail: (connectionId: string) =>
    [...healthKeys.connection(connectionId), 'detail'] as const,
  checks: (connectionId: string) => [...healthKeys.connection(connectionId), 'checks'] as const,
  checkList: (connectionId: string, filters: Omit<HealthCheckListParams, 'cursor'>) =>
    [...healthKeys.checks(connectionId), filters] as const,
  latest: (connectionId: string) => [...healthKeys.connection(connectionId), 'latest'] as const,
  uptime: (connectionId: string, window: UptimeWindow) =>
    [...healthKeys.connection(connectionId), 'uptime', window] as const,
  latency: (connectionId: string, params: LatencyParams) =>
    [...healthKeys.connection(connectionId), 'latency', params] as const,
  summary: () => [...healthKeys.all, 'summary'] as const,
  events: (params: Omit<HealthEventListParams, 'cursor'>) =>
    [...healthKeys.all, 'events', params] as const,
};
