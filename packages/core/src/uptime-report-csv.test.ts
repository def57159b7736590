import { describe, expect, it } from 'vitest';
import { csvField, uptimeReportCsv } from './uptime-report-csv';

describe('uptime report CSV', () => {
  it('quotes what needs quoting and defuses formulas in names', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")', { text: true })).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-5', { text: true })).toBe("'-5");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
  });

  it('writes the header and one line per row, CRLF-terminated', () => {
    const csv = uptimeReportCsv({
      rows: [
        {
          connectionId: 'conn_1',
          connectionName: 'a, "b"',
          integrationName: '@evil',
          periodStart: '2026-03-01T00:00:00.000Z',
          periodEnd: '2026-03-02T00:00:00.000Z',
          checks: 0,
          uptimePercent: null,
          unhealthyMinutes: 0,
          longestOutageMinutes: 0,
        },
      ],
    });
    expect(csv).toBe(
      'connection_id,connection_name,integration_name,period_start,period_end,checks,uptime_percent,unhealthy_minutes,longest_outage_minutes\r\n' +
        `conn_1,"a, ""b""",'@evil,2026-03-01T00:00:00.000Z,2026-03-02T00:00:00.000Z,0,,0,0\r\n`,
    );
  });
});
