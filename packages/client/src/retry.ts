import { isHTTPError, type RetryOptions as KyRetryOptions } from 'ky';
import type { RetryOptions } from './options';
import { parseRetryAfter } from './retry-after';

export const DEFAULT_RETRY: Required<RetryOptions> = {
  limit: 2,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/** Statuses worth another try: rate limiting and transient server or gateway failures. */
export const RETRY_STATUS_CODES = [429, 500, 502, 503, 504];

export const resolveRetry = (retry: number | RetryOptions | undefined): Required<RetryOptions> =>
  typeof retry === 'number' ? { ...DEFAULT_RETRY, limit: retry } : { ...DEFAULT_RETRY, ...retry };

/** How long a 429's body may take to say whether it is an authentication lockout. */
const AUTH_CODE_WAIT_MS = 1_000;

/**
 * Translates our policy into ky's. Only GET is retried: a manual health check (POST) runs
 * an outbound call and counts against a rate limit, so repeating it is never automatic.
 */
export const toKyRetry = (policy: Required<RetryOptions>): KyRetryOptions => ({
  limit: policy.limit,
  methods: ['get'],
  statusCodes: RETRY_STATUS_CODES,
  afterStatusCodes: [429, 503],
  // ky 1 would cap a Retry-After at the timeout; our own limit decides (see shouldRetry).
  maxRetryAfter: policy.maxRetryAfterMs,
  retryOnTimeout: false,
  delay: (attempt) => policy.baseDelayMs * 2 ** (attempt - 1),
  // "Equal jitter": between half and all of the delay, so clients that failed together
  // do not come back together, yet every retry still waits a while.
  jitter: (delay) => delay / 2 + (Math.random() * delay) / 2,
  backoffLimit: policy.maxDelayMs,
  shouldRetry: async ({ error }) => {
    if (!isHTTPError(error)) return undefined;
    // A 429 for failed authentication: the key is wrong, so waiting and retrying cannot help.
    // Read from a clone: the error mapping reads the body itself if no retry follows.
    // A body that stalls is given up on after AUTH_CODE_WAIT_MS (then: an ordinary 429).
    if (error.response.status === 429) {
      const copy = error.response.clone();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const body = (await Promise.race([
        copy.json().catch(() => undefined),
        new Promise((resolve) => {
          timer = setTimeout(resolve, AUTH_CODE_WAIT_MS);
        }),
      ]).finally(() => clearTimeout(timer))) as { error?: { code?: unknown } } | undefined;
      if (body?.error?.code === 'TOO_MANY_AUTH_FAILURES') return false;
    }
    const wait = parseRetryAfter(error.response.headers.get('retry-after'));
    // Waiting longer than the caller allows is worse than failing now with the hint.
    if (wait !== undefined) return wait > policy.maxRetryAfterMs ? false : undefined;
    // No Retry-After we can read ("soon", "1e3", or none): our backoff. Left to ky, an
    // unreadable one means waiting maxRetryAfterMs (a minute) before each retry.
    return RETRY_STATUS_CODES.includes(error.response.status) ? true : undefined;
  },
});
