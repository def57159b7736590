import { type ApiErrorBody, codeForStatus } from '@waygate/health-core';
import {
  type ApiErrorDetails,
  HealthApiError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  ValidationError,
} from './errors';
import { redact } from './redact';
import { parseRetryAfter } from './retry-after';

export interface ErrorResponse {
  status: number;
  headers: Headers;
  /** The body as ky pre-read it: parsed JSON, text, or undefined. */
  body: unknown;
  /** `GET /api/v1/connections`: used when the body is not an error envelope. */
  request: string;
}

/** Header names a server or proxy commonly uses for the id of a request. */
export const requestIdOf = (headers: Headers): string | undefined =>
  headers.get('x-request-id') ?? headers.get('request-id') ?? undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isFieldIssue = (value: unknown): value is { field: string; message: string } =>
  isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string';

/**
 * The `error` of the API's error envelope (core's `ErrorEnvelope`), checked by hand so that the
 * client that skips response validation maps errors without zod; both clients use it, and a
 * test keeps it in step with core's schema. Anything else (a proxy's page) gives `undefined`.
 */
export const errorBodyOf = (body: unknown): ApiErrorBody | undefined => {
  if (!isRecord(body) || body.success !== false || !isRecord(body.error)) return undefined;
  const { code, message, details } = body.error;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  if (details === undefined) return { code, message };
  if (!isRecord(details)) return undefined;
  const { field, issues, retryAfterSeconds } = details;
  if (field !== undefined && typeof field !== 'string') return undefined;
  if (retryAfterSeconds !== undefined && !Number.isFinite(retryAfterSeconds)) return undefined;
  if (issues === undefined) return { code, message, details: { ...details } };
  if (!Array.isArray(issues) || !issues.every(isFieldIssue)) return undefined;
  return {
    code,
    message,
    details: {
      ...details,
      issues: issues.map((issue) => ({ field: issue.field, message: issue.message })),
    },
  };
};

/**
 * The single place that maps an HTTP error response to an error class. The class follows
 * the status (what every HTTP tool understands); the `code` from the body stays available
 * for finer branching. `secrets` are scrubbed from everything the server sent.
 */
export const errorFromResponse = (
  response: ErrorResponse,
  secrets: readonly string[],
): HealthApiError => {
  const { status, headers } = response;
  const error = errorBodyOf(response.body);
  const details: ApiErrorDetails | undefined = error?.details
    ? redact(error.details, secrets)
    : undefined;
  const init = {
    status,
    // A body that is not our envelope (a proxy's HTML 502, an empty 500…) gets the code the
    // server's table gives that status (core's API_ERROR_STATUS), so both sides agree.
    code: error?.code ?? codeForStatus(status),
    message: redact(error?.message ?? `${response.request} failed with status ${status}`, secrets),
    requestId: requestIdOf(headers),
    details,
  };

  if (status === 401) return new UnauthorizedError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 400 || status === 422) return new ValidationError(init);
  if (status === 429) {
    const fromBody = details?.retryAfterSeconds;
    const retryAfterMs =
      parseRetryAfter(headers.get('retry-after')) ??
      (typeof fromBody === 'number' ? fromBody * 1000 : undefined);
    return new RateLimitedError({ ...init, retryAfterMs });
  }
  if (status >= 500) return new ServerError(init);
  return new HealthApiError(init);
};
