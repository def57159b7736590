import type { ErrorEnvelope } from '@waygate/health-core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createOutageReporter, isDatabaseUnavailable } from '../db/availability';
import { AppError } from '../errors';
import type { Logger } from '../logger';

function envelope(error: AppError): ErrorEnvelope {
  return {
    success: false,
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    },
  };
}

export function errorResponse(c: Context, error: AppError): Response {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(envelope(error), error.status);
}

/** How long a client is asked to wait while the database is away. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The single place errors become responses. AppErrors carry their status and code; a database
 * that cannot be reached is a 503 with Retry-After (one warning per outage in the log); anything
 * else is logged (message and stack stay in the log) and answered with a bare 500.
 */
export function createErrorHandler(logger: Logger) {
  const reportOutage = createOutageReporter(logger, 'API');
  return (err: Error, c: Context): Response => {
    if (err instanceof AppError) return errorResponse(c, err);
    if (isDatabaseUnavailable(err)) {
      reportOutage(err);
      return errorResponse(
        c,
        new AppError(
          'DATABASE_UNAVAILABLE',
          'The database is unavailable; retry shortly',
          { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
          { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
        ),
      );
    }
    if (err instanceof HTTPException && err.status < 500) {
      return errorResponse(c, new AppError('VALIDATION_ERROR', 'Bad request'));
    }
    logger.error(
      { err: { name: err.name, message: err.message, stack: err.stack }, path: c.req.path },
      'unhandled error',
    );
    return errorResponse(c, new AppError('INTERNAL_ERROR', 'Internal server error'));
  };
}

export function notFoundHandler(c: Context): Response {
  return errorResponse(c, new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`));
}
