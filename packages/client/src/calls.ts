import type { z } from 'zod';
import { many, one } from './envelopes';
import type { RequestOptions } from './options';
import type { Page } from './pagination';
import type { Method, Query, Transport } from './transport';

/** Sends one request whose envelope carries a single `data` item, and returns that item. */
export const fetchData = async <T extends z.ZodType>(
  transport: Transport,
  method: Method,
  path: readonly string[],
  item: T,
  options: RequestOptions | undefined,
  extra: { body?: unknown; query?: Query; bearer?: string } = {},
): Promise<z.output<T>> => {
  // The envelope's output type is `{ success: true; data: z.output<T> }`; TypeScript cannot
  // see through zod's mapped types while T is still generic.
  const body = (await transport.request({
    method,
    path,
    schema: one(item),
    options,
    ...extra,
  })) as {
    data: z.output<T>;
  };
  return body.data;
};

/** GETs one page of a list and returns `{ data, pagination }` (without `success`). */
export const fetchPage = async <T extends z.ZodType>(
  transport: Transport,
  path: readonly string[],
  item: T,
  query: Query,
  options: RequestOptions | undefined,
): Promise<Page<z.output<T>>> => {
  const { data, pagination } = await transport.request({
    method: 'GET',
    path,
    schema: many(item),
    query,
    options,
  });
  return { data, pagination };
};
