import type {
  CreateMaintenanceWindowInput,
  MaintenanceWindow,
  UpdateMaintenanceWindowInput,
} from '@waygate/health-core';
import { fetchData, fetchPage, sendDelete } from '../calls';
import type { RequestOptions } from '../options';
import { type Page, type PageQuery, paginate } from '../pagination';
import type { Transport } from '../transport';

/**
 * `/maintenance-windows`: one-off (`startsAt`/`endsAt`) or recurring (`rrule`,
 * `durationMinutes`, `timeZone`) windows during which checks still run but count for no uptime,
 * alert or notification.
 */
export const createMaintenanceWindowsResource = (transport: Transport) => {
  const list = (
    query: PageQuery = {},
    options?: RequestOptions,
  ): Promise<Page<MaintenanceWindow>> =>
    fetchPage(transport, ['maintenance-windows'], 'MaintenanceWindow', query, options);
  return {
    list,
    iterate: (query: PageQuery = {}, options?: RequestOptions): AsyncGenerator<MaintenanceWindow> =>
      paginate((cursor) => list({ ...query, cursor }, options), query.cursor),
    get: (windowId: string, options?: RequestOptions): Promise<MaintenanceWindow> =>
      fetchData(transport, 'GET', ['maintenance-windows', windowId], 'MaintenanceWindow', options),
    create: (
      body: CreateMaintenanceWindowInput,
      options?: RequestOptions,
    ): Promise<MaintenanceWindow> =>
      fetchData(transport, 'POST', ['maintenance-windows'], 'MaintenanceWindow', options, { body }),
    update: (
      windowId: string,
      body: UpdateMaintenanceWindowInput,
      options?: RequestOptions,
    ): Promise<MaintenanceWindow> =>
      fetchData(
        transport,
        'PATCH',
        ['maintenance-windows', windowId],
        'MaintenanceWindow',
        options,
        {
          body,
        },
      ),
    delete: async (windowId: string, options?: RequestOptions): Promise<void> => {
      await sendDelete(transport, ['maintenance-windows', windowId], options);
    },
  };
};

export type MaintenanceWindowsResource = ReturnType<typeof createMaintenanceWindowsResource>;
