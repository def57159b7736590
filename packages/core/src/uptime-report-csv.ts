import { UPTIME_REPORT_CSV_COLUMNS, type UptimeReport } from './schemas/report';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading `'`
 * (OWASP's advice against CSV injection): names come from tenants.
 */
export function csvField(value: string | number | null, options: { text?: boolean } = {}): string {
  if (value === null) return '';
  let text = String(value);
  if (options.text && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * An uptime report as CSV: the documented columns, CRLF line ends (RFC 4180), uptime empty when
 * there were no checks. The server answers `format=csv` with it and the SDK builds the same
 * bytes from the JSON report, so both always agree.
 */
export function uptimeReportCsv(report: Pick<UptimeReport, 'rows'>): string {
  const lines = [
    UPTIME_REPORT_CSV_COLUMNS.join(','),
    ...report.rows.map((r) =>
      [
        csvField(r.connectionId),
        csvField(r.connectionName, { text: true }),
        csvField(r.integrationName, { text: true }),
        csvField(r.periodStart),
        csvField(r.periodEnd),
        csvField(r.checks),
        csvField(r.uptimePercent),
        csvField(r.unhealthyMinutes),
        csvField(r.longestOutageMinutes),
      ].join(','),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
