import { z } from 'zod';
import { ConnectionId, IntegrationId, Timestamp } from './primitives';

export const ReportGranularity = z.enum(['day', 'month']);
export type ReportGranularity = z.infer<typeof ReportGranularity>;

export const ReportFormat = z.enum(['json', 'csv']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** The longest span a report may cover, in days (daily rollups are kept at least this long). */
export const MAX_REPORT_DAYS = 400;

/**
 * Query string of `GET /reports/uptime`: `from` (inclusive) and `to` (exclusive), ISO 8601, at
 * most 400 days apart; tenant-wide, or one connection, or one integration's connections.
 */
export const UptimeReportQuery = z.strictObject({
  from: Timestamp,
  to: Timestamp,
  granularity: ReportGranularity.default('day'),
  format: ReportFormat.default('json'),
  connectionId: ConnectionId.optional(),
  integrationId: IntegrationId.optional(),
});
export type UptimeReportQuery = z.input<typeof UptimeReportQuery>;

/** One connection over one period (a UTC day or month, clipped to the report's range). */
export const UptimeReportRow = z.object({
  connectionId: ConnectionId,
  connectionName: z.string(),
  integrationName: z.string(),
  periodStart: Timestamp,
  periodEnd: Timestamp,
  checks: z.int().min(0),
  /** Checks that were not unhealthy ÷ checks, to 0.01 (core's uptime rule); null without checks. */
  uptimePercent: z.number().min(0).max(100).nullable(),
  /** Minutes of the period the connection spent unhealthy (from its status changes). */
  unhealthyMinutes: z.number().min(0),
  /** The longest unhealthy stretch overlapping the period, in minutes (from its status changes). */
  longestOutageMinutes: z.number().min(0),
});
export type UptimeReportRow = z.infer<typeof UptimeReportRow>;

/** `GET /reports/uptime?format=json`. */
export const UptimeReport = z.object({
  from: Timestamp,
  to: Timestamp,
  granularity: ReportGranularity,
  rows: z.array(UptimeReportRow),
});
export type UptimeReport = z.infer<typeof UptimeReport>;

/** The CSV's header, in order (`format=csv`). */
export const UPTIME_REPORT_CSV_COLUMNS = [
  'connection_id',
  'connection_name',
  'integration_name',
  'period_start',
  'period_end',
  'checks',
  'uptime_percent',
  'unhealthy_minutes',
  'longest_outage_minutes',
] as const;
