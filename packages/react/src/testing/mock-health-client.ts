import type {
  Connection,
  ConnectionDetail,
  HealthCheck,
  HealthEvent,
  HealthSummary,
} from '@waygate/health-core';
import type { HealthClientLike } from '../hooks/health-client';
import {
  makeCheck,
  makeCheckHistory,
  makeConnectionDetail,
  makeEvents,
  makeLatencySeries,
  makeSummary,
  makeUptime,
} from './fixtures';

export interface MockClientOptions {
  connection?: ConnectionDetail;
  /** What `connections.list` pages through (default: the one `connection`). */
  connections?: Connection[];
  checks?: HealthCheck[];
  summary?: HealthSummary;
  events?: HealthEvent[];
  /** Every call waits this long (ms); Infinity never settles (loading stories). */
  delayMs?: number;
  /** Every read fails with this error. */
  failWith?: unknown;
  /** `trigger` fails with this error (e.g. a 429). */
  triggerError?: unknown;
}

/** In-memory stand-in for `@waygate/health-client`: an API-shaped object over fixture data. */
export function createMockHealthClient(options: MockClientOptions = {}) {
  const connection = options.connection ?? makeConnectionDetail('healthy');
  let checks = options.checks ?? makeCheckHistory({ count: 96, connectionId: connection.id });
  const calls: string[] = [];
  const wait = async <T>(name: string, value: () => T): Promise<T> => {
    calls.push(name);
    if (options.delayMs === Number.POSITIVE_INFINITY) return new Promise<T>(() => {});
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    if (options.failWith && name !== 'trigger') throw options.failWith;
    return value();
  };
  const client = {
    calls,
    connections: {
      list: (params: { limit?: number; cursor?: string; healthStatus?: string } = {}) =>
        wait('connections.list', () => {
          const all = (options.connections ?? [connection]).filter(
            (row) => !params.healthStatus || row.healthStatus === params.healthStatus,
          );
          const start = params.cursor ? Number(params.cursor) : 0;
          const limit = params.limit ?? 50;
          const hasMore = start + limit < all.length;
          return {
            data: all.slice(start, start + limit),
            pagination: { hasMore, cursor: hasMore ? String(start + limit) : null },
          };
        }),
      get: (_id: string) => wait('connections.get', () => connection),
    },
    healthChecks: {
      list: (
        _id: string,
        params: {
          limit?: number;
          cursor?: string;
          status?: string;
          from?: string;
          to?: string;
        } = {},
      ) =>
        wait('healthChecks.list', () => {
          const matching = checks.filter(
            (check) =>
              (!params.status || check.status === params.status) &&
              (!params.from || Date.parse(check.createdAt) >= Date.parse(params.from)) &&
              (!params.to || Date.parse(check.createdAt) < Date.parse(params.to)),
          );
          const start = params.cursor ? Number(params.cursor) : 0;
          const limit = params.limit ?? 20;
          const data = matching.slice(start, start + limit);
          const hasMore = start + limit < matching.length;
          return { data, pagination: { hasMore, cursor: hasMore ? String(start + limit) : null } };
        }),
      latest: (_id: string) => wait('healthChecks.latest', () => checks[0] ?? null),
      trigger: (id: string) =>
        wait('trigger', () => {
          if (options.triggerError) throw options.triggerError;
          const check = makeCheck('healthy', {
            id: `hc_manual${checks.length}`,
            connectionId: id,
            checkType: 'manual',
            createdAt: new Date().toISOString(),
          });
          checks = [check, ...checks];
          return check;
        }),
    },
    summary: () => wait('summary', () => options.summary ?? makeSummary()),
    uptime: (_id: string, window: '24h' | '7d' | '30d') =>
      wait('uptime', () =>
        window === '24h' ? makeUptime('24h', 90, 4, 2) : makeUptime(window, 640, 20, 12),
      ),
    latency: (_id: string) => wait('latency', () => makeLatencySeries()),
    events: {
      list: () =>
        wait('events.list', () => ({
          data: options.events ?? makeEvents(),
          pagination: { hasMore: false, cursor: null },
        })),
    },
  } satisfies HealthClientLike & { calls: string[] };
  return client;
}

/** What the client's `RateLimitedError` looks like to the components (status 429 + retryAfterMs). */
export function rateLimitedError(retryAfterMs = 30_000) {
  return Object.assign(new Error('Too many manual checks'), {
    name: 'RateLimitedError',
    status: 429,
    code: 'RATE_LIMITED',
    retryAfterMs,
  });
}
