import {
  type ApiErrorCode,
  type ApiErrorStatus,
  type FieldIssue,
  statusOfErrorCode,
} from '@waygate/health-core';

export interface AppErrorDetails {
  field?: string;
  issues?: FieldIssue[];
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

/**
 * The one error type routes and services throw on purpose: `new AppError(code, message)`. Its HTTP
 * status comes from core's code→status table (`API_ERROR_STATUS`, which the SDK reads too), so a
 * code cannot travel with two statuses. `onError` turns it into the spec's error envelope;
 * anything else becomes a 500 INTERNAL_ERROR without its message or stack.
 */
export class AppError extends Error {
  readonly status: ApiErrorStatus;
  readonly code: ApiErrorCode;
  readonly details: AppErrorDetails | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ApiErrorCode,
    message: string,
    details?: AppErrorDetails,
    headers?: Record<string, string>,
  );
  /** @deprecated Give the code only (`new AppError(code, message)`): the status comes from core. */
  constructor(
    status: number,
    code: ApiErrorCode,
    message: string,
    details?: AppErrorDetails,
    headers?: Record<string, string>,
  );
  constructor(...args: unknown[]) {
    // The older form named the status too; it must agree with the table.
    const legacy = typeof args[0] === 'number';
    const [code, message, details, headers] = (legacy ? args.slice(1) : args) as [
      ApiErrorCode,
      string,
      AppErrorDetails | undefined,
      Record<string, string> | undefined,
    ];
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = statusOfErrorCode(code);
    if (legacy && args[0] !== this.status) {
      throw new Error(`AppError ${code} has status ${this.status}, not ${String(args[0])}`);
    }
    this.details = details;
    this.headers = headers;
  }
}

export const notFound = (what: string, field?: string) =>
  new AppError('NOT_FOUND', `${what} not found`, field ? { field } : undefined);

export const validationError = (field: string, message: string) =>
  new AppError('VALIDATION_ERROR', `${field}: ${message}`, {
    field,
    issues: [{ field, message }],
  });
