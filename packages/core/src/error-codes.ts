import type { ApiErrorCode } from './schemas/envelope';

/**
 * The HTTP status of every API error code: the server's `AppError(code)` takes its status from
 * here and the SDK reads it to map a status without an envelope (a proxy's 502) back to a code.
 * `satisfies` makes a new code in `API_ERROR_CODES` fail to compile until it has a status.
 */
export const API_ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  INVALID_CURSOR: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  TOO_MANY_AUTH_FAILURES: 429,
  ENDPOINT_DISABLED: 503,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
} as const satisfies Record<ApiErrorCode, number>;

export type ApiErrorStatus = (typeof API_ERROR_STATUS)[ApiErrorCode];

/** The HTTP status of an error code (what `AppError(code)` answers with). */
export const statusOfErrorCode = (code: ApiErrorCode): ApiErrorStatus => API_ERROR_STATUS[code];

/**
 * The code a client reports for an error response without our envelope (a proxy's page, an empty
 * body): the first code of that status in the table (400 → VALIDATION_ERROR, 429 → RATE_LIMITED),
 * INTERNAL_ERROR for any 5xx (a bare 503 says nothing about why), else `HTTP_<status>`.
 */
export function codeForStatus(status: number): string {
  if (status >= 500) return 'INTERNAL_ERROR';
  for (const [code, codeStatus] of Object.entries(API_ERROR_STATUS)) {
    if (codeStatus === status) return code;
  }
  return `HTTP_${status}`;
}
