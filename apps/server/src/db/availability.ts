import type { Logger } from '../logger';

/** Error codes and messages of a database that cannot be reached (as opposed to a bad query). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now, too many connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|server closed the connection|Connection refused/i;

/**
 * Whether an error means "the database is away" (network, shutdown, no connection slots) rather
 * than a fault of the query: the API answers 503 DATABASE_UNAVAILABLE for those, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) {
    return true;
  }
  if (UNREACHABLE_MESSAGES.test(error.message)) return true;
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.some(isDatabaseUnavailable);
}

/**
 * One warning per outage instead of a stack trace per request: the first failure logs, the
 * following ones stay quiet until `quietMs` pass without one (then a new outage logs again).
 */
export function createOutageReporter(logger: Logger, what: string, quietMs = 60_000) {
  let lastFailure = Number.NEGATIVE_INFINITY;
  return (error: unknown): void => {
    const now = Date.now();
    if (now - lastFailure > quietMs) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ database: 'unavailable', error: message }, `${what}: database unavailable`);
    }
    lastFailure = now;
  };
}
