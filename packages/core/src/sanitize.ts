// Internal guards shared by the rules (not exported from the package): the functions must give a
// conservative answer, never throw, on values that slip past the schemas (NaN, bad dates).

/** Milliseconds since the epoch, or null when the value is not a real instant. */
export function toTime(value: string | Date): number | null {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** A non-negative finite number, or the fallback: a bad policy value must not disable a rule. */
export function sanePositive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}
