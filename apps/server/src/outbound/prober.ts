import { performance } from 'node:perf_hooks';
import type { CheckError, HttpMethod } from '@waygate/health-core';
import type { Dispatcher } from 'undici';
import type { AllowList } from './allow-list';
import { DEFAULT_ACCEPT, USER_AGENT } from './build-test-request';
import { checkError, classifyNetworkError } from './classify-error';
import { createGuardedAgent, literalHostAllowed } from './guarded-agent';
import type { ResolveAll } from './guarded-lookup';
import { OutboundBlockedError } from './outbound-blocked-error';
import { parseRetryAfter } from './retry-after';

export interface ProbeRequest {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  /** Overrides the prober's timeout for this request (whole request, redirects included). */
  timeoutMs?: number;
  /** Cancels the request; a cancelled probe resolves with a `NETWORK_ERROR`. */
  signal?: AbortSignal;
}

export interface ProbeResult {
  success: boolean;
  statusCode?: number;
  /** From the start of the request to the final response's headers, in whole milliseconds. */
  latencyMs: number;
  error?: CheckError;
  retryAfterMs?: number;
}

export interface Prober {
  /** Sends exactly one request (following up to `maxRedirects` redirects). Never throws. */
  probe(request: ProbeRequest): Promise<ProbeResult>;
  /** Closes the keep-alive pools; waits for requests in flight. */
  close(): Promise<void>;
}

export interface ProberOptions {
  allowList: AllowList;
  /** Default per-request timeout, connect included. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** Maximum sockets per origin (undici `connections`); unlimited by default. */
  connections?: number;
  /** Resolver used by the guard. Tests inject one so no real DNS is touched. */
  resolveAll?: ResolveAll;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Enough to let small bodies finish so the socket goes back to the pool; bigger ones are cut.
const DRAIN_LIMIT_BYTES = 64 * 1024;
const DRAIN_DEADLINE_MS = 1_000;
// What a redirect hop to another origin carries: the prober's own User-Agent and Accept, and
// nothing the caller set. Any caller header may be the credential (Authorization, an API key
// header under whatever name the integration configured, even one called Accept in an integration
// stored before names were checked), so none of them follows the redirect: the prober does not
// need to know which header is the secret, and a worker thread gets the same protection.
const CROSS_ORIGIN_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'user-agent': USER_AGENT,
  accept: DEFAULT_ACCEPT,
});

class ProbeFailure extends Error {
  constructor(readonly checkError: CheckError) {
    super(checkError.message);
  }
}

function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Checks what undici will not show the lookup: a literal IP host is connected to directly, so
 * the guard vets it here. After WHATWG parsing, numeric tricks (`0x7f000001`, `0177.1`, `127.1`,
 * `http://0/`) are already plain dotted IPv4 and so arrive here too.
 */
function vetUrl(url: URL, allowList: AllowList): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProbeFailure(
      checkError('INVALID_URL', url.host || url.protocol, 'only http and https'),
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new ProbeFailure(checkError('INVALID_URL', url.host, 'credentials in the URL'));
  }
  if (bareHostname(url) === '') {
    throw new ProbeFailure(checkError('INVALID_URL', url.host, 'no host'));
  }
  if (literalHostAllowed(url, allowList) === false) {
    throw new OutboundBlockedError(url.host, 'private or reserved address');
  }
}

function resultForStatus(
  statusCode: number,
  headers: Dispatcher.ResponseData['headers'],
  latencyMs: number,
  host: string,
): ProbeResult {
  if (statusCode >= 200 && statusCode < 300) return { success: true, statusCode, latencyMs };
  const fail = (error: CheckError): ProbeResult => ({
    success: false,
    statusCode,
    latencyMs,
    error: { ...error, statusCode },
  });
  if (statusCode === 401 || statusCode === 403) {
    return fail(checkError('UNAUTHORIZED', host, `HTTP ${statusCode}`));
  }
  if (statusCode === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    const result = fail(checkError('RATE_LIMITED', host, 'HTTP 429'));
    return retryAfterMs === undefined ? result : { ...result, retryAfterMs };
  }
  if (statusCode >= 400 && statusCode < 500) {
    return fail(checkError('HTTP_4XX', host, `HTTP ${statusCode}`));
  }
  if (statusCode >= 500 && statusCode < 600) {
    return fail(checkError('HTTP_5XX', host, `HTTP ${statusCode}`));
  }
  return fail(checkError('NETWORK_ERROR', host, `unexpected HTTP ${statusCode}`));
}

function redirectMethod(statusCode: number, method: HttpMethod): HttpMethod {
  // As browsers do: 303 always becomes GET, 301/302 turn a POST into a GET.
  if (statusCode === 303 && method !== 'HEAD') return 'GET';
  if ((statusCode === 301 || statusCode === 302) && method === 'POST') return 'GET';
  return method;
}

async function drain(body: Dispatcher.ResponseData['body'], signal: AbortSignal): Promise<void> {
  // The body is read and thrown away: never stored, never parsed, never put in a message. The
  // outcome is already known from the status line, so a body that trickles or stalls is cut
  // (its socket dropped) instead of holding the probe until the timeout.
  const cutoff = setTimeout(() => body.destroy(), DRAIN_DEADLINE_MS);
  try {
    await body.dump({ limit: DRAIN_LIMIT_BYTES, signal });
  } catch {
    // Drain failures do not change a result decided by the status code.
  } finally {
    clearTimeout(cutoff);
  }
}

/**
 * The outbound side of a health check: one guarded HTTP request over keep-alive pools.
 * Every connection goes through the guarded lookup (named hosts) or `vetUrl` (literal IPs),
 * on the first request and on every redirect hop.
 */
export function createProber(options: ProberOptions): Prober {
  const { allowList } = options;
  const defaultTimeoutMs = options.timeoutMs ?? 10_000;
  const maxRedirects = options.maxRedirects ?? 3;
  const agent = createGuardedAgent({
    allowList,
    timeoutMs: defaultTimeoutMs,
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    ...(options.resolveAll ? { resolveAll: options.resolveAll } : {}),
  });

  async function send(request: ProbeRequest, started: number): Promise<ProbeResult> {
    const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
      return failure(checkError('INVALID_URL', 'request', 'unparseable URL'), started);
    }
    let method = request.method;
    let headers: Record<string, string> = { ...request.headers };

    try {
      for (let hop = 0; ; hop += 1) {
        vetUrl(url, allowList);
        const response = await agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method,
          headers,
          signal: controller.signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const latencyMs = elapsed(started);
        const location = response.headers.location;
        if (REDIRECT_STATUSES.has(response.statusCode) && typeof location === 'string') {
          await drain(response.body, controller.signal);
          if (hop >= maxRedirects) {
            const error = checkError('TOO_MANY_REDIRECTS', url.host, `more than ${maxRedirects}`);
            return {
              success: false,
              statusCode: response.statusCode,
              latencyMs,
              error: { ...error, statusCode: response.statusCode },
            };
          }
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            throw new ProbeFailure(checkError('INVALID_URL', url.host, 'bad redirect location'));
          }
          if (next.origin !== url.origin) headers = { ...CROSS_ORIGIN_HEADERS };
          method = redirectMethod(response.statusCode, method);
          url = next;
          continue;
        }
        await drain(response.body, controller.signal);
        return resultForStatus(response.statusCode, response.headers, latencyMs, url.host);
      }
    } catch (error) {
      if (error instanceof ProbeFailure) return failure(error.checkError, started);
      if (timedOut) {
        return failure(checkError('TIMEOUT', url.host, `after ${timeoutMs} ms`), started);
      }
      if (request.signal?.aborted) {
        return failure(checkError('NETWORK_ERROR', url.host, 'cancelled'), started);
      }
      return failure(classifyNetworkError(error, url.host), started);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return {
    async probe(request) {
      const started = performance.now();
      try {
        if (request.signal?.aborted) {
          return failure(checkError('NETWORK_ERROR', 'request', 'cancelled'), started);
        }
        return await send(request, started);
      } catch (error) {
        // Defensive: `send` maps every failure itself, but the contract is "never throws".
        return failure(classifyNetworkError(error, 'request'), started);
      }
    },
    async close() {
      await agent.close().catch(() => undefined);
    },
  };
}

function elapsed(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}

function failure(error: CheckError, started: number): ProbeResult {
  return { success: false, latencyMs: elapsed(started), error };
}
