import type { HealthCheck, HealthCheckListQuery } from '@waygate/health-core';
import { fetchData, fetchPage } from '../calls';
import type { RequestOptions } from '../options';
import { type ListQuery, type Page, paginate } from '../pagination';
import type { Transport } from '../transport';

/** Filters and paging of `list()` / `iterate()`; see core's `HealthCheckListQuery`. */
export type HealthCheckQuery = ListQuery<typeof HealthCheckListQuery>;

/**
 * Default time allowed for `trigger()`. The server runs the check before it answers, and a
 * check may take the server's whole `WAYGATE_CHECK_TIMEOUT_MS` (default 10 s) on a hanging
 * upstream; giving up at the same moment would throw `TimeoutError` for a check the server
 * still records and counts against the manual limit. Three times the server's default leaves
 * room for the write and a slow network; raise it if your server allows longer checks.
 */
export const TRIGGER_TIMEOUT_MS = 30_000;

/** `/connections/:id/health-checks`: the history of one connection, and manual checks. */
export const createHealthChecksResource = (
  transport: Transport,
  { triggerTimeoutMs = TRIGGER_TIMEOUT_MS }: { triggerTimeoutMs?: number } = {},
) => {
  const list = (
    connectionId: string,
    query: HealthCheckQuery = {},
    options?: RequestOptions,
  ): Promise<Page<HealthCheck>> =>
    fetchPage(
      transport,
      ['connections', connectionId, 'health-checks'],
      'HealthCheck',
      query,
      options,
    );

  return {
    /** Newest first; filter by `status`, `checkType`, `from`/`to` (ISO-8601); `limit` 1–100. */
    list,
    /** Every check matching `query`, newest first, page after page. */
    iterate: (
      connectionId: string,
      query: HealthCheckQuery = {},
      options?: RequestOptions,
    ): AsyncGenerator<HealthCheck> =>
      paginate((cursor) => list(connectionId, { ...query, cursor }, options), query.cursor),
    /** The most recent check, or `null` when the connection was never checked. */
    latest: async (connectionId: string, options?: RequestOptions): Promise<HealthCheck | null> => {
      const body = (await transport.request({
        method: 'GET',
        path: ['connections', connectionId, 'health-checks', 'latest'],
        expect: { envelope: 'one', item: 'HealthCheck', nullable: true },
        options,
      })) as { data: HealthCheck | null };
      return body.data;
    },
    /**
     * Runs a manual check now and returns it (`checkType: 'manual'`). Never retried by the
     * SDK: each call is one outbound request and counts against the per-connection limit
     * (over it: `RateLimitedError` with `retryAfterMs`). Waits up to `triggerTimeoutMs`
     * (default 30 s, longer than the server's check timeout), unless `options.timeoutMs` says.
     */
    trigger: (connectionId: string, options?: RequestOptions): Promise<HealthCheck> =>
      fetchData(transport, 'POST', ['connections', connectionId, 'health-checks'], 'HealthCheck', {
        ...options,
        timeoutMs: options?.timeoutMs ?? triggerTimeoutMs,
      }),
  };
};

export type HealthChecksResource = ReturnType<typeof createHealthChecksResource>;
