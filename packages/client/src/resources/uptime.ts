import type { Uptime, UptimeWindow } from '@waygate/health-core';
import { fetchData } from '../calls';
import type { RequestOptions } from '../options';
import type { Transport } from '../transport';

/** `GET /connections/:id/uptime`: share of checks that were not unhealthy over a window. */
export const createUptime =
  (transport: Transport) =>
  (connectionId: string, window: UptimeWindow = '24h', options?: RequestOptions): Promise<Uptime> =>
    fetchData(transport, 'GET', ['connections', connectionId, 'uptime'], 'Uptime', options, {
      query: { window },
    });
