import type {
  Connection,
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

/** Filters of `GET /connections` (the spec's query string). */
export interface ConnectionListParams {
  limit?: number;
  cursor?: string;
  healthStatus?: HealthCheckStatus;
  integrationId?: string;
}

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

/** Per-call options the hooks pass: react-query's abort signal, so unmounts cancel requests. */
export interface RequestOptionsLike {
  signal?: AbortSignal;
}

/**
 * Exactly the methods of `@waygate/health-client` that these hooks call. Declared structurally so
 * any object with these methods works: the real SDK, a test double, or an app's own wrapper.
 */
export interface HealthClientLike {
  connections: {
    list(params?: ConnectionListParams, options?: RequestOptionsLike): Promise<Page<Connection>>;
    get(connectionId: string, options?: RequestOptionsLike): Promise<ConnectionDetail>;
  };
  healthChecks: {
    list(
      connectionId: string,
      params?: HealthCheckListParams,
      options?: RequestOptionsLike,
    ): Promise<Page<HealthCheck>>;
    latest(connectionId: string, options?: RequestOptionsLike): Promise<HealthCheck | null>;
    trigger(connectionId: string, options?: RequestOptionsLike): Promise<HealthCheck>;
  };
  summary(query?: { limit?: number }, options?: RequestOptionsLike): Promise<HealthSummary>;
  uptime(connectionId: string, window: UptimeWindow, options?: RequestOptionsLike): Promise<Uptime>;
  latency(
    connectionId: string,
    params?: LatencyParams,
    options?: RequestOptionsLike,
  ): Promise<LatencySeries>;
  events: {
    list(params?: HealthEventListParams, options?: RequestOptionsLike): Promise<Page<HealthEvent>>;
  };
}
