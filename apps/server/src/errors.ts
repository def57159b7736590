import type { ApiErrorCode, FieldIssue } from '@waygate/health-core';

export interface AppErrorDetails {
  field?: string;
  issues?: FieldIssue[];
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

/**
 * The one error type routes and services throw on purpose. `onError` turns it into the spec's
 * error envelope; anything else becomes a 500 INTERNAL_ERROR without its message or stack.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: AppErrorDetails,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, field?: string) =>
  new AppError(404, 'NOT_FOUND', `${what} not found`, field ? { field } : undefined);

export const validationError = (field: string, message: string) =>
  new AppError(400, 'VALIDATION_ERROR', `${field}: ${message}`, {
    field,
    issues: [{ field, message }],
  });
