import ky, { isHTTPError, isTimeoutError } from 'ky';
import type { z } from 'zod';
import { envelopeIssues } from './envelope-check';
import { errorFromResponse, requestIdOf } from './error-from-response';
import {
  HealthClientError,
  NetworkError,
  type ResponseIssue,
  ResponseValidationError,
  TimeoutError,
} from './errors';
import type { HealthClientOptions, RequestOptions } from './options';
import { redact, safeCause } from './redact';
import type { ExpectedBody } from './responses';
import { resolveRetry, toKyRetry } from './retry';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined>;

export interface TransportRequest<S extends z.ZodType = z.ZodType> {
  method: Method;
  /** Path segments under `/api/v1`; each is URL-encoded, so ids can never inject a path. */
  path: readonly string[];
  /**
   * Schema of the whole response body (envelope included): the body is parsed with it. Without
   * one the body is checked against `expect` only (no zod involved) and returned as parsed.
   */
  schema?: S | undefined;
  /** The envelope the body must have, and the name of core's schema for its `data`. */
  expect?: ExpectedBody | undefined;
  query?: Query | undefined;
  body?: unknown;
  /** A bearer token other than the API key (the cron secret of the internal endpoint). */
  bearer?: string | undefined;
  options?: RequestOptions | undefined;
}

/** The one HTTP primitive every resource module is built on. */
export interface Transport {
  /** With a `schema`: resolves with the body as the schema parsed it. */
  request<S extends z.ZodType>(request: TransportRequest<S> & { schema: S }): Promise<z.output<S>>;
  /** Without: resolves with the body as parsed JSON (the text for `expect: { envelope: 'text' }`). */
  request(request: TransportRequest): Promise<unknown>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A bearer token must be visible ASCII. Checked up front because `Headers` would otherwise
 * throw its own error quoting the value (say, a key read from a file with its newline).
 */
export const isToken = (value: unknown): value is string =>
  typeof value === 'string' && /^[\x21-\x7e]+$/.test(value);
const API_PREFIX = '/api/v1';

const apiRoot = (baseUrl: string | URL): URL => {
  let url: URL | undefined;
  try {
    url = new URL(String(baseUrl));
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new TypeError('createHealthClient: `baseUrl` must be an absolute http(s) URL');
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith(API_PREFIX) ? path : `${path}${API_PREFIX}`;
  url.search = '';
  url.hash = '';
  return url;
};

const describeCause = (cause: unknown): string => {
  if (!(cause instanceof Error)) return 'network error';
  // Node's fetch says "fetch failed" and keeps the useful part (ECONNREFUSED…) one level down.
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof inner?.code === 'string' ? inner.code : undefined;
  return detail ? `${cause.message}: ${detail}` : cause.message;
};

const issuesOf = (error: z.ZodError): ResponseIssue[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));

/**
 * Builds the transport: one ky instance with the key, timeout and retry policy, plus the
 * translation of everything that can go wrong into this SDK's error classes.
 */
export const createTransport = (options: HealthClientOptions): Transport => {
  const root = apiRoot(options.baseUrl);
  if (!isToken(options.apiKey)) {
    throw new TypeError('createHealthClient: `apiKey` must be a non-empty token (no spaces)');
  }
  // Kept in this closure only: the client object, its errors and its options never carry it.
  const apiKey = options.apiKey;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry = toKyRetry(resolveRetry(options.retry));
  const api = ky.create({
    prefixUrl: root.href,
    timeout: timeoutMs,
    headers: { accept: 'application/json', ...options.headers },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const transport = {
    async request(request: TransportRequest): Promise<unknown> {
      // A custom fetch may ignore signals; an already-cancelled call must not go out at all.
      request.options?.signal?.throwIfAborted();
      const path = request.path.map(encodeURIComponent).join('/');
      const label = `${request.method} ${root.pathname}/${path}`;
      const secrets = request.bearer ? [apiKey, request.bearer] : [apiKey];
      const callTimeout = request.options?.timeoutMs ?? timeoutMs;
      const headers = new Headers(request.options?.headers);
      headers.set('authorization', `Bearer ${request.bearer ?? apiKey}`);
      const expected = request.expect;
      if (expected?.envelope === 'text') headers.set('accept', expected.mediaType);

      let status = 0;
      let text: string;
      let requestId: string | undefined;
      let mediaType: string;
      // ky's timeout ends when the headers arrive: the body (of an answer or of an error) gets
      // `callTimeout` more, then the request is aborted. A server that sends its headers and
      // stalls would otherwise hang the call for good.
      const controller = new AbortController();
      const userSignal = request.options?.signal;
      const forward = () => controller.abort(userSignal?.reason);
      userSignal?.addEventListener('abort', forward);
      let timer: ReturnType<typeof setTimeout> | undefined;
      let expired = false;
      // Arms the deadline on the first read; when it expires the abort fails the read (a custom
      // fetch that ignores signals is not cut short).
      const readBody = (response: Response): Promise<string> => {
        timer ??= setTimeout(() => {
          expired = true;
          controller.abort();
        }, callTimeout);
        return response.text();
      };
      try {
        const pending = api(path, {
          method: request.method,
          headers,
          // ky leaves out `undefined` values, so unset filters never reach the URL.
          searchParams: request.query,
          json: request.body,
          timeout: callTimeout,
          // Never retried unless it is a GET (see retry.ts).
          retry: request.method === 'GET' ? retry : 0,
          signal: controller.signal,
        });
        const response = await pending;
        text = await readBody(response);
        status = response.status;
        requestId = requestIdOf(response.headers);
        mediaType = response.headers.get('content-type')?.toLowerCase() ?? '';
      } catch (error) {
        if (expired && !userSignal?.aborted) {
          throw new TimeoutError(`${label} timed out after ${callTimeout} ms`, callTimeout);
        }
        throw await toClientError(error, {
          label,
          secrets,
          timeoutMs: callTimeout,
          request,
          readBody,
        });
      } finally {
        clearTimeout(timer);
        userSignal?.removeEventListener('abort', forward);
      }
      const invalid = (issues: ResponseIssue[]) => {
        const summary = issues
          .slice(0, 3)
          .map((issue) => `${issue.path || '(body)'}: ${issue.message}`)
          .join('; ');
        return new ResponseValidationError({
          message: redact(
            `${label} returned a response this SDK does not understand: ${summary}`,
            secrets,
          ),
          status,
          requestId,
          issues: redact(issues, secrets),
        });
      };

      if (expected?.envelope === 'text') {
        if (!mediaType.startsWith(expected.mediaType)) {
          throw invalid([
            { path: '', message: `expected ${expected.mediaType}, got ${mediaType || 'no type'}` },
          ]);
        }
        return text;
      }

      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        throw new ResponseValidationError({
          message: `${label} returned ${status} with a body that is not JSON`,
          status,
          requestId,
          issues: [{ path: '', message: 'not valid JSON' }],
        });
      }
      if (request.schema) {
        const parsed = request.schema.safeParse(json);
        if (!parsed.success) throw invalid(issuesOf(parsed.error));
        return parsed.data;
      }
      const issues = expected ? envelopeIssues(json, expected) : [];
      if (issues.length > 0) throw invalid(issues);
      return json;
    },
  };
  // One implementation serves both overloads: with a schema it returns what the schema parsed.
  return transport as Transport;
};

/** The error body, parsed when it is JSON; ky 1 leaves it unread on the response. */
const readErrorBody = async (
  response: Response,
  read: (response: Response) => Promise<string>,
): Promise<unknown> => {
  let text: string;
  try {
    text = await read(response);
  } catch {
    return undefined;
  }
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const toClientError = async (
  error: unknown,
  context: {
    label: string;
    secrets: string[];
    timeoutMs: number;
    request: TransportRequest;
    readBody: (response: Response) => Promise<string>;
  },
): Promise<unknown> => {
  const { label, secrets } = context;
  // The caller cancelled: hand back their own abort reason untouched, as fetch does.
  if (context.request.options?.signal?.aborted) return context.request.options.signal.reason;
  if (error instanceof HealthClientError) return error;
  // ky's errors hold the Request (and so the Authorization header): never let one escape.
  if (isHTTPError(error)) {
    return errorFromResponse(
      {
        status: error.response.status,
        headers: error.response.headers,
        body: await readErrorBody(error.response, context.readBody),
        request: label,
      },
      secrets,
    );
  }
  if (isTimeoutError(error)) {
    return new TimeoutError(`${label} timed out after ${context.timeoutMs} ms`, context.timeoutMs);
  }
  // A fetch that got no response rejects with a TypeError in every runtime (Fetch spec).
  if (error instanceof TypeError) {
    return new NetworkError(redact(`${label} failed: ${describeCause(error)}`, secrets), {
      cause: safeCause(error, secrets),
    });
  }
  // Anything else (a custom fetch's own error…) goes through unchanged, unless it quotes a secret.
  return safeCause(error, secrets) ?? new HealthClientError(`${label} failed`);
};
