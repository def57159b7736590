/** The `fetch` signature the SDK calls; the global `fetch` of any runtime fits. */
export type FetchLike = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 turns retries off. */
  limit?: number;
  /** First backoff delay; doubles on each retry (±50 % jitter). Default 300 ms. */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay. Default 10 000 ms. */
  maxDelayMs?: number;
  /**
   * A `Retry-After` longer than this is not waited for: the error is thrown at once so the
   * caller decides. Default 60 000 ms.
   */
  maxRetryAfterMs?: number;
}

export interface HealthClientOptions {
  /**
   * Where the Waygate Health server lives, e.g. `https://health.example.com`. The SDK adds
   * `/api/v1`; a URL that already ends with `/api/v1` is used as it is.
   */
  baseUrl: string | URL;
  /** The tenant API key, sent as `Authorization: Bearer …` and never put in an error or log. */
  apiKey: string;
  /** A `fetch` to use instead of the global one (SSR frameworks, instrumentation, tests). */
  fetch?: FetchLike;
  /** Time allowed for each attempt, response body included. Default 10 000 ms. */
  timeoutMs?: number;
  /**
   * Time allowed for `healthChecks.trigger()`, which waits for the server to run the check.
   * Default 30 000 ms: longer than the server's `WAYGATE_CHECK_TIMEOUT_MS` (default 10 s), so
   * a slow upstream surfaces as the check's own `TIMEOUT` result, not as a client timeout.
   */
  triggerTimeoutMs?: number;
  /** Retry policy for GET requests; a number is the `limit`. POST/PATCH/DELETE never retry. */
  retry?: number | RetryOptions;
  /** Extra headers on every request (e.g. a tracing header). `Authorization` is always ours. */
  headers?: Record<string, string>;
}

/** Accepted as the last argument of every method. */
export interface RequestOptions {
  /** Cancels the call (and any retry wait); the abort reason is thrown as it is. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Extra headers for this call only. */
  headers?: Record<string, string>;
}
