import type { RequestOptions } from './options';
import type { Page } from './pagination';
import type { ResponseKey, ResponseTypes } from './responses';
import type { Method, Query, Transport } from './transport';

/**
 * Sends one request whose envelope carries a single `data` item, and returns that item. `item`
 * names core's schema of `data` (a validating client parses it with that schema).
 */
export const fetchData = async <K extends ResponseKey>(
  transport: Transport,
  method: Method,
  path: readonly string[],
  item: K,
  options: RequestOptions | undefined,
  extra: { body?: unknown; query?: Query; bearer?: string } = {},
): Promise<ResponseTypes[K]> => {
  const body = (await transport.request({
    method,
    path,
    expect: { envelope: 'one', item },
    options,
    ...extra,
  })) as { data: ResponseTypes[K] };
  return body.data;
};

/** GETs one page of a list and returns `{ data, pagination }` (without `success`). */
export const fetchPage = async <K extends ResponseKey>(
  transport: Transport,
  path: readonly string[],
  item: K,
  query: Query,
  options: RequestOptions | undefined,
): Promise<Page<ResponseTypes[K]>> => {
  const { data, pagination } = (await transport.request({
    method: 'GET',
    path,
    expect: { envelope: 'many', item },
    query,
    options,
  })) as Page<ResponseTypes[K]>;
  return { data, pagination };
};

/** Sends a DELETE: 204, or a success envelope whose `data` the SDK does not need. */
export const sendDelete = async (
  transport: Transport,
  path: readonly string[],
  options: RequestOptions | undefined,
): Promise<void> => {
  await transport.request({ method: 'DELETE', path, expect: { envelope: 'ack' }, options });
};
