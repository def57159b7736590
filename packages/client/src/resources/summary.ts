import type { HealthSummary, SummaryQuery as SummaryQuerySchema } from '@waygate/health-core';
import { fetchData } from '../calls';
import type { RequestOptions } from '../options';
import type { ListQuery } from '../pagination';
import type { Transport } from '../transport';

/** `limit`: how many connections to list (unhealthy first), 1–100, default 100 (core's `SummaryQuery`). */
export type SummaryQuery = ListQuery<typeof SummaryQuerySchema>;

/** `GET /health-checks/summary`: counts per status, 24 h uptime, connections needing attention. */
export const createSummary =
  (transport: Transport) =>
  (query: SummaryQuery = {}, options?: RequestOptions): Promise<HealthSummary> =>
    fetchData(transport, 'GET', ['health-checks', 'summary'], 'HealthSummary', options, {
      query: { ...query },
    });
