import type {
  Connection,
  ConnectionDetail,
  ConnectionListQuery,
  CreateConnectionInput,
  UpdateConnectionInput,
} from '@waygate/health-core';
import { fetchData, fetchPage, sendDelete } from '../calls';
import type { RequestOptions } from '../options';
import { type ListQuery, type Page, paginate } from '../pagination';
import type { Transport } from '../transport';

/** Filters and paging of `list()` / `iterate()`; see core's `ConnectionListQuery`. */
export type ConnectionQuery = ListQuery<typeof ConnectionListQuery>;

/** `/connections`: an integration's connection for one customer, with its health fields. */
export const createConnectionsResource = (transport: Transport) => {
  const list = (query: ConnectionQuery = {}, options?: RequestOptions): Promise<Page<Connection>> =>
    fetchPage(transport, ['connections'], 'Connection', query, options);

  return {
    /** One page of connections with `healthStatus`; filter by `healthStatus`, `integrationId`. */
    list,
    /** Every connection matching `query`, page after page. */
    iterate: (query: ConnectionQuery = {}, options?: RequestOptions): AsyncGenerator<Connection> =>
      paginate((cursor) => list({ ...query, cursor }, options), query.cursor),
    /** The connection with its health summary (uptime, test action) and its last check. */
    get: (connectionId: string, options?: RequestOptions): Promise<ConnectionDetail> =>
      fetchData(transport, 'GET', ['connections', connectionId], 'ConnectionDetail', options),
    /** Credentials are write-only: the response shows `credentialType`/`credentialStatus` only. */
    create: (body: CreateConnectionInput, options?: RequestOptions): Promise<Connection> =>
      fetchData(transport, 'POST', ['connections'], 'Connection', options, { body }),
    /** Partial update; `credentials: null` removes the stored credentials. */
    update: (
      connectionId: string,
      body: UpdateConnectionInput,
      options?: RequestOptions,
    ): Promise<Connection> =>
      fetchData(transport, 'PATCH', ['connections', connectionId], 'Connection', options, { body }),
    delete: async (connectionId: string, options?: RequestOptions): Promise<void> => {
      await sendDelete(transport, ['connections', connectionId], options);
    },
  };
};

export type ConnectionsResource = ReturnType<typeof createConnectionsResource>;
