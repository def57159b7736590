import type {
  ConnectionDetail,
  HealthCheck,
  HealthCheckStatus,
  HealthCheckType,
  HealthEvent,
  HealthSummary,
  LatencyBucketSize,
  LatencySeries,
  Pagination,
  Uptime,
  UptimeWindow,
} from '@waygate/health-core';

/** Filters of `GET /connections/:id/health-checks` (the spec's query string). */
export interface HealthCheckListParams {
  limit?: number;
  cursor?: string;
  status?: HealthCheckStatus;
  checkType?: HealthCheckType;
  from?: string;
  to?: string;
}

export interface HealthEventListParams {
  limit?: number;
  cursor?: string;
  connectionId?: string;
  since?: string;
}

export interface LatencyParams {
  bucket?: LatencyBucketSize;
  window?: UptimeWindow;
}

export interface Page<T> {
  data: T[];
  pagination: Pagination;
}

/**
 * Exactly the methods of `@waygate/health-client` that these hooks call. Declared structurally so
 * any object with these methods works: the real SDK, a test double, or an app's own wrapper.
 */
export interface HealthClientLike {
  connections: { get(connectionId: string): Promise<ConnectionDetail> };
  healthChecks: {
    list(connectionId: string, params?: HealthCheckListParams): Promise<Page<HealthCheck>>;
    latest(connectionId: string): Promise<HealthCheck | null>;
    trigger(connectionId: string): Promise<HealthCheck>;
  };
  summary(): Promise<HealthSummary>;
  uptime(connectionId: string, window: UptimeWindow): Promise<Uptime>;
  latency(connectionId: string, params?: LatencyParams): Promise<LatencySeries>;
  events: { list(params?: HealthEventListParams): Promise<Page<HealthEvent>> };
}
