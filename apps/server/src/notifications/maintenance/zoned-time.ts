/**
 * Wall-clock time in an IANA zone, without a date library: Intl knows every zone's rules (the
 * runtime's tz database), and these two conversions are all recurrence needs. "Floating" values
 * are epoch milliseconds whose UTC fields are the wall-clock fields in the zone.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `instant`, as a floating value (seconds precision). */
export function toWallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
}

/**
 * The instant a wall-clock time in `timeZone` names, disambiguated as Temporal's `compatible`
 * does: a repeated time (clocks go back) takes the first, a skipped time (clocks go forward) moves
 * forward by the gap (02:30 → 03:30), so an occurrence is never lost.
 */
export function fromWallClock(floating: number, timeZone: string): number {
  const offset = (instant: number) =>
    toWallClock(instant, timeZone) - Math.floor(instant / 1000) * 1000;
  const guess = floating - offset(floating);
  const corrected = floating - offset(guess);
  if (corrected === guess) return guess;
  // Between two offsets: prefer the earlier instant that still maps to this wall clock.
  return toWallClock(corrected, timeZone) === floating ? Math.min(guess, corrected) : guess;
}

/** Midnight of `instant`'s day in `timeZone`, as an instant. */
export function startOfDay(instant: number, timeZone: string): number {
  const wall = toWallClock(instant, timeZone);
  return fromWallClock(wall - (wall % 86_400_000), timeZone);
}
