/** The databases server-backed suites run on. */
export type DatabaseKind = 'pglite' | 'postgres';

/** PGlite always; the real PostgreSQL too when DATABASE_URL is set (as `.ci/run` does). */
export const DATABASES: readonly DatabaseKind[] = process.env.DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

let warned = false;

/** Says once per process that the PostgreSQL half of the suites is skipped (no DATABASE_URL). */
export function warnIfPostgresSkipped(): void {
  if (warned || process.env.DATABASE_URL) return;
  warned = true;
  console.warn('[waygate-health] PostgreSQL runs SKIPPED: DATABASE_URL is unset (PGlite only).');
}
