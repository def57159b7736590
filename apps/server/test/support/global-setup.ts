import { warnIfPostgresSkipped } from '@waygate/test-utils';

/**
 * Vitest global setup: runs once per `vitest run` in the main process, so the "PostgreSQL runs
 * SKIPPED" notice is printed once per package instead of once per test file (each file is
 * evaluated in its own module graph, where a module-level "warned" flag starts false again).
 * The skip itself stays visible: the suites only declare the `[pglite]` variant.
 */
export default function setup(): void {
  warnIfPostgresSkipped();
}
