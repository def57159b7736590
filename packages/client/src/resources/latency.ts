import type { LatencyQuery, LatencySeries } from '@waygate/health-core';
import type { z } from 'zod';
import { fetchData } from '../calls';
import type { RequestOptions } from '../options';
import type { Transport } from '../transport';

/** `bucket` (`hour` | `day`, default hour) and `window` (`24h` | `7d` | `30d`, default 24h). */
export type LatencyOptions = z.input<typeof LatencyQuery>;

/** `GET /connections/:id/latency`: test-action latency p50/p95 per bucket. */
export const createLatency =
  (transport: Transport) =>
  (
    connectionId: string,
    query: LatencyOptions = {},
    options?: RequestOptions,
  ): Promise<LatencySeries> =>
    fetchData(
      transport,
      'GET',
      ['connections', connectionId, 'latency'],
      'LatencySeries',
      options,
      {
        query,
      },
    );
