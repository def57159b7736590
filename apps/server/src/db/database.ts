/**
 * The thin storage layer: plain SQL with positional parameters, the same on both drivers.
 * Rows come back as the driver parses them (timestamptz → Date, arrays → JS arrays); cast
 * counts to `int` in SQL, because pg returns int8 as a string and PGlite as a number.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Database {
  query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; a throw rolls everything back. Nested calls join the outer one. */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
}

/** `Date | string` as both drivers may hand a timestamp back (arrays are not always parsed). */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toIso(value: Date | string | null | undefined): string | undefined {
  return value == null ? undefined : toDate(value).toISOString();
}

/** Parses a `timestamptz[]` that a driver may return as a JS array or as `{...}` text. */
export function toDateArray(value: unknown): Date[] {
  if (Array.isArray(value)) return value.map((v) => toDate(v as Date | string));
  if (typeof value === 'string' && value.length > 2) {
    return value
      .slice(1, -1)
      .split(',')
      .map((v) => toDate(v.replace(/^"|"$/g, '')));
  }
  return [];
}

const MIN_TIME = 0; // 1970-01-01: no row is older
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A query bound inside the range both drivers serialise and both PostgreSQLs accept (PGlite
 * rejects year 0, `pg` writes far-future years it cannot read back). Rows only exist inside it,
 * so clamping never changes a result.
 */
export function clampQueryTime(value: string | Date): Date {
  const time = toDate(value).getTime();
  return new Date(Math.min(MAX_TIME, Math.max(MIN_TIME, Number.isNaN(time) ? MIN_TIME : time)));
}

/** True for a time this server could have written (1970 to 9999). */
export function isStorableTime(date: Date): boolean {
  const time = date.getTime();
  return time >= MIN_TIME && time <= MAX_TIME;
}
