import type { HealthClient } from '@waygate/health-client';
import { type Connection, HealthCheckStatus } from '@waygate/health-core';
import { dashboardKeys } from '../dashboard-keys';

/** Worst first: the order "unhealthy ones stand out" asks for. */
export const WORST_FIRST: readonly HealthCheckStatus[] = ['unhealthy', 'degraded', 'healthy'];

export type ConnectionSort = 'worst' | 'created';

/** Rows per page of the connection list. */
export const PAGE_SIZE = 50;

export interface ConnectionPageParams {
  sort: ConnectionSort;
  status: HealthCheckStatus | null;
  integrationId: string | null;
  /** Where this page starts; null for the first page. */
  position: PagePosition | null;
  limit: number;
}

/**
 * A place in the list: how many rows came before it (for "51–100 of N"), and the API cursor.
 * Sorted worst first, the list is the unhealthy, then degraded, then healthy connections, each
 * read with the API's own `healthStatus` filter and cursor, so the server never sorts 10,000 rows
 * and no page needs an offset scan.
 */
export interface PagePosition {
  offset: number;
  /** Index into WORST_FIRST when sorted worst first; 0 otherwise. */
  segment: number;
  cursor: string | null;
}

export function encodePosition(position: PagePosition): string {
  return `${position.offset}.${position.segment}.${position.cursor ?? ''}`;
}

export function decodePosition(token: string | null): PagePosition | null {
  if (!token) return null;
  const match = /^(\d{1,9})\.(\d)\.(.*)$/.exec(token);
  if (!match) return null;
  const segment = Number(match[2]);
  if (segment >= WORST_FIRST.length) return null;
  return { offset: Number(match[1]), segment, cursor: match[3] ? match[3] : null };
}

export interface ConnectionPage {
  rows: Connection[];
  offset: number;
  next: PagePosition | null;
}

export async function fetchConnectionPage(
  client: HealthClient,
  params: ConnectionPageParams,
  signal?: AbortSignal,
): Promise<ConnectionPage> {
  const offset = params.position?.offset ?? 0;
  const base = {
    ...(params.integrationId ? { integrationId: params.integrationId } : {}),
  };
  // One status asked for, or the server's own order: a single cursor walk.
  if (params.status || params.sort === 'created') {
    const page = await client.connections.list(
      {
        ...base,
        ...(params.status ? { healthStatus: params.status } : {}),
        limit: params.limit,
        ...(params.position?.cursor ? { cursor: params.position.cursor } : {}),
      },
      { signal },
    );
    const nextCursor = page.pagination.hasMore ? page.pagination.cursor : null;
    return {
      rows: page.data,
      offset,
      next: nextCursor
        ? { offset: offset + page.data.length, segment: 0, cursor: nextCursor }
        : null,
    };
  }
  // Worst first: fill the page from the unhealthy segment, then degraded, then healthy.
  const rows: Connection[] = [];
  let segment = params.position?.segment ?? 0;
  let cursor = params.position?.cursor ?? null;
  while (segment < WORST_FIRST.length && rows.length < params.limit) {
    const page = await client.connections.list(
      {
        ...base,
        healthStatus: WORST_FIRST[segment],
        limit: params.limit - rows.length,
        ...(cursor ? { cursor } : {}),
      },
      { signal },
    );
    rows.push(...page.data);
    if (page.pagination.hasMore && page.pagination.cursor) {
      cursor = page.pagination.cursor;
    } else {
      segment += 1;
      cursor = null;
    }
  }
  const next =
    segment < WORST_FIRST.length ? { offset: offset + rows.length, segment, cursor } : null;
  return { rows, offset, next };
}

/** The list's parameters as the URL carries them (`?status=&integration=&sort=&after=`). */
export function connectionPageParams(params: URLSearchParams): ConnectionPageParams {
  const status = HealthCheckStatus.safeParse(params.get('status'));
  return {
    sort: params.get('sort') === 'created' ? 'created' : 'worst',
    status: status.success ? status.data : null,
    integrationId: params.get('integration'),
    position: decodePosition(params.get('after')),
    limit: PAGE_SIZE,
  };
}

/** Query options of one page, shared by the page and the start-up prefetch. */
export function connectionPageQueryOptions(client: HealthClient, params: ConnectionPageParams) {
  return {
    queryKey: dashboardKeys.connectionPage(params),
    queryFn: ({ signal }: { signal?: AbortSignal }) => fetchConnectionPage(client, params, signal),
    staleTime: 10_000,
  };
}
