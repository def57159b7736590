import type { UptimeReport, UptimeReportQuery } from '@waygate/health-core';
import { fetchData } from '../calls';
import type { RequestOptions } from '../options';
import type { Transport } from '../transport';

/** `from`/`to` (ISO 8601, ≤ 400 days apart), `granularity`, `connectionId` or `integrationId`. */
export type UptimeReportOptions = Omit<UptimeReportQuery, 'format'>;

/** `/reports`: uptime (SLA) reports from the daily rollups. */
export const createReportsResource = (transport: Transport) => {
  const uptime = (query: UptimeReportOptions, options?: RequestOptions): Promise<UptimeReport> =>
    fetchData(transport, 'GET', ['reports', 'uptime'], 'UptimeReport', options, {
      query: { ...query, format: 'json' },
    });
  return {
    /** Per connection and UTC day or month: checks, uptime %, unhealthy minutes, longest outage. */
    uptime,
    /**
     * The same report as CSV text, exactly what the server answers to `format=csv` (core's
     * `uptimeReportCsv`), e.g. for a download in the browser.
     */
    uptimeCsv: async (query: UptimeReportOptions, options?: RequestOptions): Promise<string> =>
      (await transport.request({
        method: 'GET',
        path: ['reports', 'uptime'],
        query: { ...query, format: 'csv' },
        expect: { envelope: 'text', mediaType: 'text/csv' },
        options,
      })) as string,
  };
};

export type ReportsResource = ReturnType<typeof createReportsResource>;
