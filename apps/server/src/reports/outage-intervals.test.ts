import { describe, expect, it } from 'vitest';
import { outageMinutes, reportPeriods, unhealthyIntervals } from './outage-intervals';

const T = (iso: string) => Date.parse(iso);

describe('unhealthyIntervals', () => {
  const start = T('2026-03-01T00:00:00Z');
  const end = T('2026-03-03T00:00:00Z');

  it('runs from a change to unhealthy to the next change to anything else', () => {
    const intervals = unhealthyIntervals(
      'healthy',
      [
        { at: T('2026-03-01T12:00:00Z'), toStatus: 'unhealthy' },
        { at: T('2026-03-01T13:00:00Z'), toStatus: 'unhealthy' },
        { at: T('2026-03-02T00:30:00Z'), toStatus: 'degraded' },
        { at: T('2026-03-02T10:00:00Z'), toStatus: 'unhealthy' },
      ],
      start,
      end,
    );
    expect(intervals).toEqual([
      { start: T('2026-03-01T12:00:00Z'), end: T('2026-03-02T00:30:00Z') },
      // Still open: ends where counting ends.
      { start: T('2026-03-02T10:00:00Z'), end },
    ]);
  });

  it('counts an outage that began before the range from the range start', () => {
    expect(
      unhealthyIntervals(
        'unhealthy',
        [{ at: T('2026-03-01T06:00:00Z'), toStatus: 'healthy' }],
        start,
        end,
      ),
    ).toEqual([{ start, end: T('2026-03-01T06:00:00Z') }]);
    expect(unhealthyIntervals('unhealthy', [], start, end)).toEqual([{ start, end }]);
    expect(unhealthyIntervals(null, [], start, end)).toEqual([]);
  });

  it('ignores changes outside the range and never reaches past its end (now)', () => {
    const now = T('2026-03-01T18:00:00Z');
    expect(
      unhealthyIntervals(
        'healthy',
        [
          { at: T('2026-02-01T00:00:00Z'), toStatus: 'unhealthy' },
          { at: T('2026-03-01T17:00:00Z'), toStatus: 'unhealthy' },
          { at: T('2026-03-01T19:00:00Z'), toStatus: 'healthy' },
        ],
        start,
        now,
      ),
    ).toEqual([{ start: T('2026-03-01T17:00:00Z'), end: now }]);
  });
});

describe('outageMinutes', () => {
  it('clips outages to the period: total and longest', () => {
    const intervals = [
      { start: T('2026-03-01T12:00:00Z'), end: T('2026-03-02T00:30:00Z') },
      { start: T('2026-03-02T10:00:00Z'), end: T('2026-03-02T10:00:30Z') },
    ];
    expect(outageMinutes(intervals, T('2026-03-01T00:00:00Z'), T('2026-03-02T00:00:00Z'))).toEqual({
      unhealthyMinutes: 720,
      longestOutageMinutes: 720,
    });
    expect(outageMinutes(intervals, T('2026-03-02T00:00:00Z'), T('2026-03-03T00:00:00Z'))).toEqual({
      unhealthyMinutes: 30.5,
      longestOutageMinutes: 30,
    });
    expect(outageMinutes([], 0, 1)).toEqual({ unhealthyMinutes: 0, longestOutageMinutes: 0 });
  });
});

describe('reportPeriods', () => {
  it('covers [from, to) with whole UTC days or months', () => {
    const days = reportPeriods(
      new Date('2026-03-01T10:00:00Z'),
      new Date('2026-03-03T00:00:00Z'),
      'day',
    );
    expect(days.map((d) => d.start.toISOString())).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
    ]);
    const months = reportPeriods(
      new Date('2025-12-15T00:00:00Z'),
      new Date('2026-02-01T00:00:01Z'),
      'month',
    );
    expect(months.map((m) => [m.start.toISOString(), m.end.toISOString()])).toEqual([
      ['2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
      ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    ]);
  });
});
