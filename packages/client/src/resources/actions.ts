import type { Action, CreateActionInput } from '@waygate/health-core';
import { fetchData, fetchPage } from '../calls';
import type { RequestOptions } from '../options';
import { type Page, type PageQuery, paginate } from '../pagination';
import type { Transport } from '../transport';

/** `/integrations/:id/actions`: the calls a health check may use as its test action. */
export const createActionsResource = (transport: Transport) => {
  const list = (
    integrationId: string,
    query: PageQuery = {},
    options?: RequestOptions,
  ): Promise<Page<Action>> =>
    fetchPage(transport, ['integrations', integrationId, 'actions'], 'Action', query, options);

  return {
    list,
    iterate: (
      integrationId: string,
      query: PageQuery = {},
      options?: RequestOptions,
    ): AsyncGenerator<Action> =>
      paginate((cursor) => list(integrationId, { ...query, cursor }, options), query.cursor),
    /** Tag an action `health-check` to make it the preferred test action. */
    create: (
      integrationId: string,
      body: CreateActionInput,
      options?: RequestOptions,
    ): Promise<Action> =>
      fetchData(transport, 'POST', ['integrations', integrationId, 'actions'], 'Action', options, {
        body,
      }),
  };
};

export type ActionsResource = ReturnType<typeof createActionsResource>;
