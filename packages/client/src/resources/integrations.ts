import type {
  CreateIntegrationInput,
  Integration,
  UpdateIntegrationInput,
} from '@waygate/health-core';
import { fetchData, fetchPage, sendDelete } from '../calls';
import type { RequestOptions } from '../options';
import { type Page, type PageQuery, paginate } from '../pagination';
import type { Transport } from '../transport';

/** `/integrations`: an upstream API (base URL, auth type) and its `healthCheckConfig`. */
export const createIntegrationsResource = (transport: Transport) => {
  const list = (query: PageQuery = {}, options?: RequestOptions): Promise<Page<Integration>> =>
    fetchPage(transport, ['integrations'], 'Integration', query, options);

  return {
    list,
    iterate: (query: PageQuery = {}, options?: RequestOptions): AsyncGenerator<Integration> =>
      paginate((cursor) => list({ ...query, cursor }, options), query.cursor),
    get: (integrationId: string, options?: RequestOptions): Promise<Integration> =>
      fetchData(transport, 'GET', ['integrations', integrationId], 'Integration', options),
    create: (body: CreateIntegrationInput, options?: RequestOptions): Promise<Integration> =>
      fetchData(transport, 'POST', ['integrations'], 'Integration', options, { body }),
    /**
     * Partial update. `healthCheckConfig` is merged into the stored one; its `testActionId`
     * must be an action of this integration (else a `ValidationError` naming the field).
     */
    update: (
      integrationId: string,
      body: UpdateIntegrationInput,
      options?: RequestOptions,
    ): Promise<Integration> =>
      fetchData(transport, 'PATCH', ['integrations', integrationId], 'Integration', options, {
        body,
      }),
    delete: async (integrationId: string, options?: RequestOptions): Promise<void> => {
      await sendDelete(transport, ['integrations', integrationId], options);
    },
  };
};

export type IntegrationsResource = ReturnType<typeof createIntegrationsResource>;
