import {
  type ApiErrorCode,
  type ApiErrorStatus,
  type FieldIssue,
  statusOfErrorCode,
} from '@waygate/health-core';
import type { z } from 'zod';

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
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = statusOfErrorCode(code);
    this.details = details;
    this.headers = headers;
  }
}

export const notFound = (what: string, field?: string) =>
  new AppError('NOT_FOUND', `${what} not found`, field ? { field } : undefined);

/** 409 CONFLICT: a create over a per-tenant cap (`what` in the plural: "webhooks"). */
export const tenantLimitReached = (what: string, max: number, field: string) =>
  new AppError('CONFLICT', `A tenant can have at most ${max} ${what}; delete one first`, { field });

export const validationError = (field: string, message: string) =>
  new AppError('VALIDATION_ERROR', `${field}: ${message}`, {
    field,
    issues: [{ field, message }],
  });

/** Field names in error responses are cut to this many characters (an overlong key is echoed). */
const MAX_FIELD_CHARS = 200;

/** A dotted field path for error responses, never longer than MAX_FIELD_CHARS. */
export function fieldName(path: readonly string[]): string {
  if (path.length === 0) return '(body)';
  const field = path.join('.');
  if (field.length <= MAX_FIELD_CHARS) return field;
  // Cut on a code point boundary: never leave half of a surrogate pair.
  const cut = /[\uD800-\uDBFF]$/.test(field.slice(0, MAX_FIELD_CHARS - 1)) ? 2 : 1;
  return `${field.slice(0, MAX_FIELD_CHARS - cut)}…`;
}

function fieldOf(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  // An unknown key is reported on its parent object: name the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
  return fieldName(path);
}

/** zod issues → 400 VALIDATION_ERROR naming the first dotted field, all issues listed. */
export function validationFailure(error: z.ZodError, prefix?: string): AppError {
  const issues: FieldIssue[] = error.issues.slice(0, 20).map((issue) => {
    const field = fieldOf(issue);
    const named = prefix ? (field === '(body)' ? prefix : `${prefix}.${field}`) : field;
    const message =
      issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message.replace(/\s+/g, ' ');
    return { field: named, message };
  });
  const first = issues[0] ?? { field: '(body)', message: 'invalid' };
  return new AppError('VALIDATION_ERROR', `${first.field}: ${first.message}`, {
    field: first.field,
    issues,
  });
}

export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix?: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailure(result.error, prefix);
  return result.data;
}
