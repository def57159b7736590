/** Timestamps arrive as ISO strings from the API, or as `Date` from a client that converts them. */
export type TimeInput = string | Date;

export function toDate(value: TimeInput | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function toMillis(value: TimeInput | null | undefined): number | null {
  return toDate(value)?.getTime() ?? null;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "4 minutes ago", "just now", "in 2 hours", in the given locale (default: the runtime's). */
export function formatRelativeTime(value: TimeInput, now: number, locale?: string): string {
  const at = toMillis(value);
  if (at === null) return 'at an unknown time';
  const diff = at - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (abs >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(Math.round(diff / 60_000), 'minute');
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Short absolute date and time ("25 Jan, 10:15"); formatters are cached (672 rows format fast). */
export function formatDateTime(value: TimeInput, locale?: string): string {
  const date = toDate(value);
  if (!date) return 'Unknown time';
  const key = locale ?? '';
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    dateTimeFormats.set(key, format);
  }
  return format.format(date);
}

/** `yyyy-mm-dd` of a local day, as `<input type="date">` uses. */
export function toDateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Start of the local day named by an `<input type="date">` value, or null when empty/invalid. */
export function startOfDateInput(value: string | undefined): Date | null {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Start of the local day after the one named: date ranges are inclusive of the whole "to" day. */
export function endOfDateInput(value: string | undefined): Date | null {
  const start = startOfDateInput(value);
  if (!start) return null;
  return new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
}
