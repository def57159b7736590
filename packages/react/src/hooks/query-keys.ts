import type { UptimeWindow } from '@waygate/health-core';
import type {
  ConnectionListParams,
  HealthCheckListParams,
  HealthEventListParams,
  LatencyParams,
} from './health-client';

/**
 * Query keys, nested so that one prefix invalidates a family: `connection(id)` covers the
 * connection's checks, latest check, uptime and latency.
 */
export const healthKeys = {
  all: ['waygate-health'] as const,
  /** Every connection list (any filters, single pages and infinite lists). */
  connections: () => [...healthKeys.all, 'connections'] as const,
  connectionList: (filters: Omit<ConnectionListParams, 'cursor'>) =>
    [...healthKeys.connections(), 'list', filters] as const,
  connectionPages: (filters: Omit<ConnectionListParams, 'limit' | 'cursor'> & { limit?: number }) =>
    [...healthKeys.connections(), 'pages', filters] as const,
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
