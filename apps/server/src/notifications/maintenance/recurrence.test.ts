import { describe, expect, it } from 'vitest';
import {
  currentOrNextOccurrence,
  isActive,
  occurrencesBetween,
  rruleProblem,
  type WindowTiming,
} from './recurrence';
import { fromWallClock, startOfDay, toWallClock } from './zoned-time';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const weekly = (zone: string, rule: string, minutes = 60): WindowTiming => ({
  startsAt: at('2026-10-01T00:00:00Z'),
  endsAt: null,
  rrule: rule,
  durationMinutes: minutes,
  timeZone: zone,
});

describe('recurring maintenance windows', () => {
  it('keeps 04:00 Berlin time across the October DST change (UTC shifts by an hour)', () => {
    const timing = weekly('Europe/Berlin', 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=4;BYMINUTE=0');
    const found = occurrencesBetween(
      timing,
      at('2026-10-17T00:00:00Z'),
      at('2026-11-02T00:00:00Z'),
    );
    expect(found.map((o) => iso(o.start))).toEqual([
      '2026-10-18T02:00:00.000Z', // CEST, UTC+2
      '2026-10-25T03:00:00.000Z', // the change happened at 01:00 UTC that morning: CET, UTC+1
      '2026-11-01T03:00:00.000Z',
    ]);
    expect(found.every((o) => o.end - o.start === 3_600_000)).toBe(true);
    expect(isActive(timing, at('2026-10-25T03:30:00Z'))).toBe(true);
    expect(isActive(timing, at('2026-10-25T02:30:00Z'))).toBe(false);
    expect(isActive(timing, at('2026-10-25T04:00:00Z'))).toBe(false);
  });

  it('follows the March change in New York, and a time in the skipped hour still occurs', () => {
    const timing = weekly('America/New_York', 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=30', 30);
    const found = occurrencesBetween(
      timing,
      at('2027-03-06T00:00:00Z'),
      at('2027-03-22T00:00:00Z'),
    );
    expect(found.map((o) => iso(o.start))).toEqual([
      '2027-03-07T07:30:00.000Z', // EST, UTC-5
      '2027-03-14T07:30:00.000Z', // 02:30 does not exist that day: 03:30 EDT, as Temporal does
      '2027-03-21T06:30:00.000Z', // EDT, UTC-4
    ]);
  });

  it('answers the occurrence in progress, else the next', () => {
    const timing = weekly('UTC', 'FREQ=DAILY;BYHOUR=1;BYMINUTE=0', 120);
    expect(currentOrNextOccurrence(timing, at('2026-11-03T02:00:00Z'))).toEqual({
      start: at('2026-11-03T01:00:00Z'),
      end: at('2026-11-03T03:00:00Z'),
    });
    expect(currentOrNextOccurrence(timing, at('2026-11-03T03:00:00Z'))?.start).toBe(
      at('2026-11-04T01:00:00Z'),
    );
    const ended = { ...timing, rrule: 'FREQ=DAILY;COUNT=1;BYHOUR=1' };
    expect(currentOrNextOccurrence(ended, at('2027-01-01T00:00:00Z'))).toBeNull();
  });

  it('handles one-off windows as a half-open interval', () => {
    const timing: WindowTiming = {
      startsAt: at('2026-12-01T10:00:00Z'),
      endsAt: at('2026-12-01T11:00:00Z'),
      rrule: null,
      durationMinutes: null,
      timeZone: null,
    };
    expect(isActive(timing, at('2026-12-01T10:00:00Z'))).toBe(true);
    expect(isActive(timing, at('2026-12-01T11:00:00Z'))).toBe(false);
    expect(
      occurrencesBetween(timing, at('2026-12-01T11:00:00Z'), at('2026-12-02T00:00:00Z')),
    ).toEqual([]);
  });

  it('refuses rules the library would silently misread', () => {
    expect(rruleProblem('FREQ=WEEKLY;BYDAY=SU;BYHOUR=2')).toBeNull();
    expect(rruleProblem('RRULE:FREQ=MONTHLY;BYMONTHDAY=1')).toBeNull();
    expect(rruleProblem('FREQ=SOMETIMES')).not.toBeNull();
    expect(rruleProblem('BYDAY=XX')).not.toBeNull();
    expect(rruleProblem('FREQ=MINUTELY')).toBe('FREQ must be HOURLY or slower');
    expect(rruleProblem('DTSTART:20260101T000000Z;FREQ=DAILY')).toMatch(/DTSTART/);
    expect(rruleProblem('FREQ=DAILY;TZID=Europe/Berlin')).toMatch(/TZID/);
  });

  it('converts wall clocks both ways', () => {
    const instant = at('2026-07-01T12:34:56Z');
    expect(fromWallClock(toWallClock(instant, 'Asia/Kolkata'), 'Asia/Kolkata')).toBe(instant);
    expect(iso(startOfDay(instant, 'Europe/Berlin'))).toBe('2026-06-30T22:00:00.000Z');
  });
});
