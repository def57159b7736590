import type { ApiErrorBody, FieldIssue } from '@waygate/health-core';

/** `details` of the API's error envelope (`field`, `issues`, `retryAfterSeconds`, …). */
export type ApiErrorDetails = NonNullable<ApiErrorBody['details']>;

/**
 * Root of every error this SDK throws, so one `instanceof` catches them all.
 * None of them holds the request, its headers or the client options: the API key
 * can therefore never travel with an error into a log.
 */
export class HealthClientError extends Error {
  override name = 'HealthClientError';

  /** A plain object for loggers; `JSON.stringify(error)` would otherwise drop `message`. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

export interface HealthApiErrorInit {
  status: number;
  code: string;
  message: string;
  requestId?: string | undefined;
  details?: ApiErrorDetails | undefined;
}

/** The server answered with an error envelope (or at least a non-2xx status). */
export class HealthApiError extends HealthClientError {
  override name = 'HealthApiError';
  /** HTTP status code. */
  declare readonly status: number;
  /** Stable machine-readable code (`NOT_FOUND`, `VALIDATION_ERROR`…): branch on this, not on `message`. */
  declare readonly code: string;
  /** The server's request id (`X-Request-Id`), to quote in a bug report. */
  declare readonly requestId: string | undefined;
  declare readonly details: ApiErrorDetails | undefined;

  constructor({ message, ...fields }: HealthApiErrorInit) {
    super(message);
    Object.assign(this, fields);
  }
}

/** 401: missing, wrong or revoked API key (or cron secret). */
export class UnauthorizedError extends HealthApiError {
  override name = 'UnauthorizedError';
}

/** 404: the resource does not exist, or belongs to another tenant. */
export class NotFoundError extends HealthApiError {
  override name = 'NotFoundError';
}

/** 400: the request was rejected; `field` names the first field at fault. */
export class ValidationError extends HealthApiError {
  override name = 'ValidationError';

  get field(): string | undefined {
    return this.details?.field;
  }

  get issues(): FieldIssue[] {
    return this.details?.issues ?? [];
  }
}

/**
 * 429: too many requests: the manual-check limit per connection (`RATE_LIMITED`), or too many
 * failed authentications from this address (`TOO_MANY_AUTH_FAILURES`: the key is wrong; GETs
 * are not retried on it).
 */
export class RateLimitedError extends HealthApiError {
  override name = 'RateLimitedError';
  /** How long the server asks to wait before trying again, when it said so. */
  declare readonly retryAfterMs: number | undefined;

  constructor(init: HealthApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
  }
}

/** 5xx: the server failed; GET requests have already been retried when this is thrown. */
export class ServerError extends HealthApiError {
  override name = 'ServerError';
}

/** No response arrived: DNS failure, refused connection, offline, reset… */
export class NetworkError extends HealthClientError {
  override name = 'NetworkError';
}

/** No response within `timeoutMs` (per attempt). */
export class TimeoutError extends HealthClientError {
  override name = 'TimeoutError';
  declare readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number) {
    super(message);
    Object.assign(this, { timeoutMs });
  }
}

export interface ResponseIssue {
  /** Dotted path inside the response body (`data.0.healthStatus`). */
  path: string;
  message: string;
}

/**
 * The server answered 2xx with something the SDK's schemas reject (not JSON, or a shape
 * this SDK version does not know). Usually a server/SDK version mismatch.
 */
export class ResponseValidationError extends HealthClientError {
  override name = 'ResponseValidationError';
  declare readonly status: number;
  declare readonly requestId: string | undefined;
  declare readonly issues: ResponseIssue[];

  constructor({
    message,
    ...fields
  }: {
    message: string;
    status: number;
    requestId?: string | undefined;
    issues: ResponseIssue[];
  }) {
    super(message);
    Object.assign(this, fields);
  }
}
