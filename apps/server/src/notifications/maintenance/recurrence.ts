import rrule from 'rrule';
import { fromWallClock, toWallClock } from './zoned-time';

// rrule ships CommonJS for Node: its named exports are reached through the default export.
const { RRule } = rrule;

/** A window as the rules need it (instants in epoch milliseconds). */
export interface WindowTiming {
  /** One-off: its start. Recurring: the rule's start (first occurrence not before it). */
  startsAt: number;
  /** One-off only. */
  endsAt: number | null;
  rrule: string | null;
  durationMinutes: number | null;
  timeZone: string | null;
}

export interface Occurrence {
  start: number;
  end: number;
}

// Wall-clock search margin around an instant: covers any UTC offset change (at most a few hours).
const MARGIN_MS = 3 * 3_600_000;
const FORBIDDEN = /(^|;)\s*(DTSTART|TZID)\b/i;

/**
 * Parses one RRULE line with the `rrule` library and checks what the library leaves unchecked
 * (it ignores unknown values): a frequency of hourly or slower, no DTSTART/TZID (they are
 * `startsAt`/`timeZone`). Returns the error message, or null when the rule is usable.
 */
export function rruleProblem(text: string): string | null {
  const rule = text.replace(/^RRULE:/i, '').trim();
  if (FORBIDDEN.test(rule) || rule.includes('\n')) {
    return 'one RRULE line without DTSTART or TZID (use startsAt and timeZone)';
  }
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(rule);
  } catch {
    return 'is not an RFC 5545 RRULE (e.g. FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0)';
  }
  const values: unknown[] = Object.values(options).flatMap((v: unknown) =>
    Array.isArray(v) ? (v as unknown[]) : [v],
  );
  if (options.freq === undefined || values.some((v) => v === undefined || Number.isNaN(v))) {
    return 'is not an RFC 5545 RRULE (e.g. FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0)';
  }
  if (options.freq > RRule.HOURLY) return 'FREQ must be HOURLY or slower';
  return null;
}

function ruleOf(timing: WindowTiming) {
  const options = RRule.parseString(timing.rrule!.replace(/^RRULE:/i, '').trim());
  return new RRule({
    ...options,
    dtstart: new Date(toWallClock(timing.startsAt, timing.timeZone!)),
  });
}

/**
 * Occurrences overlapping [from, to), as instants. Recurring rules are expanded in wall-clock
 * time of the window's zone (so "02:00 every Sunday" stays 02:00 across a DST change) and each
 * start is then turned into an instant; the duration is elapsed time.
 */
export function occurrencesBetween(timing: WindowTiming, from: number, to: number): Occurrence[] {
  if (!timing.rrule) {
    return timing.endsAt !== null && timing.startsAt < to && timing.endsAt > from
      ? [{ start: timing.startsAt, end: timing.endsAt }]
      : [];
  }
  const zone = timing.timeZone!;
  const duration = timing.durationMinutes! * 60_000;
  const starts = ruleOf(timing).between(
    new Date(toWallClock(from, zone) - duration - MARGIN_MS),
    new Date(toWallClock(to, zone) + MARGIN_MS),
    true,
  );
  return starts
    .map((wall) => {
      const start = fromWallClock(wall.getTime(), zone);
      return { start, end: start + duration };
    })
    .filter((o) => o.start < to && o.end > from);
}

/** The occurrence in progress at `at`, else the next one (within a year and a day), else null. */
export function currentOrNextOccurrence(timing: WindowTiming, at: number): Occurrence | null {
  if (!timing.rrule) {
    return timing.endsAt !== null && timing.endsAt > at
      ? { start: timing.startsAt, end: timing.endsAt }
      : null;
  }
  const zone = timing.timeZone!;
  const duration = timing.durationMinutes! * 60_000;
  const rule = ruleOf(timing);
  const starts = rule.between(
    new Date(toWallClock(at, zone) - duration - MARGIN_MS),
    new Date(toWallClock(at, zone) + 366 * 86_400_000),
    true,
    (_date, index) => index < 64,
  );
  for (const wall of starts) {
    const start = fromWallClock(wall.getTime(), zone);
    if (start + duration > at) return { start, end: start + duration };
  }
  return null;
}

export function isActive(timing: WindowTiming, at: number): boolean {
  const occurrence = currentOrNextOccurrence(timing, at);
  return occurrence !== null && occurrence.start <= at && at < occurrence.end;
}
