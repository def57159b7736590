import { HealthSummary } from '@waygate/health-core';
import { fetchData } from '../calls';
import type { RequestOptions } from '../options';
import type { Transport } from '../transport';

export interface SummaryQuery {
  /** How many connections to list (unhealthy first); the server's default is 100. */
  limit?: number;
}

/** `GET /health-checks/summary`: counts per status, 24 h uptime, connections needing attention. */
export const createSummary =
  (transport: Transport) =>
  (query: SummaryQuery = {}, options?: RequestOptions): Promise<HealthSummary> =>
    fetchData(transport, 'GET', ['health-checks', 'summary'], HealthSummary, options, {
      query: { ...query },
    });
