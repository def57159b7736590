import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  apiError,
  connection,
  fetchFailed,
  hangingFetch,
  json,
  page,
  stubFetch,
} from '../test/support/stub-fetch';
import {
  HealthClientError,
  NetworkError,
  ResponseValidationError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
} from './errors';
import { createHealthClient } from './index';
import type { FetchLike } from './options';

const KEY = 'wgk_live_CANARY_4f9c2e7a1b';
const CRON = 'cron_CANARY_secret_8d1e2f3a';

/** Every way an error or object commonly ends up as text in a log. */
const renderings = (value: unknown): string[] => [
  String(value),
  JSON.stringify(value) ?? '',
  inspect(value, { depth: 10, showHidden: true }),
  value instanceof Error ? (value.stack ?? '') : '',
];

const expectNoSecret = (value: unknown) => {
  for (const text of renderings(value)) {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(CRON);
  }
};

const clientWith = (fetch: FetchLike, extra = {}) =>
  createHealthClient({ baseUrl: 'https://x.test', apiKey: KEY, fetch, retry: 0, ...extra });

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
let spies: ReturnType<typeof vi.spyOn>[] = [];

beforeEach(() => {
  spies = consoleMethods.map((method) => vi.spyOn(console, method).mockImplementation(() => {}));
});

afterEach(() => {
  // The SDK writes nothing to the console: no log line can ever carry the key.
  for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});

describe('the API key never leaves the client', () => {
  it('is not reachable from the client object', () => {
    const client = clientWith(stubFetch(json(page([]))).fetch);
    expectNoSecret(client);
  });

  it('is scrubbed from an error message and details that echo it', async () => {
    const stub = stubFetch(
      apiError(401, 'UNAUTHORIZED', `API key ${KEY} is not valid`, {}, { received: KEY }),
    );
    const error = await clientWith(stub.fetch)
      .connections.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toBe('API key [REDACTED] is not valid');
    expect((error as UnauthorizedError).details).toEqual({ received: '[REDACTED]' });
    expectNoSecret(error);
  });

  it('is scrubbed from validation issues that quote it', async () => {
    const stub = stubFetch(
      apiError(
        400,
        'VALIDATION_ERROR',
        'bad name',
        {},
        {
          field: 'name',
          issues: [{ field: 'name', message: `"${KEY}" looks like a secret` }],
        },
      ),
    );
    const error = await clientWith(stub.fetch)
      .connections.create({ integrationId: 'int_1', name: KEY })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('name');
    expectNoSecret(error);
  });

  it('does not travel inside the cause of a NetworkError, even if fetch quoted it', async () => {
    const leaky = Object.assign(new TypeError('fetch failed'), {
      cause: new Error(`socket closed while sending Authorization: Bearer ${KEY}`),
    });
    const error = await clientWith(stubFetch(leaky).fetch)
      .summary()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).cause).toBeUndefined();
    expectNoSecret(error);
  });

  it('replaces any other error from a custom fetch that quotes it', async () => {
    const leaky = new Error(`proxy refused Authorization: Bearer ${KEY}`);
    const error = await clientWith(stubFetch(leaky).fetch)
      .summary()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthClientError);
    expect((error as Error).message).toBe('GET /api/v1/health-checks/summary failed');
    expectNoSecret(error);

    const own = new RangeError('my fetch wrapper broke');
    await expect(clientWith(stubFetch(own).fetch).summary()).rejects.toBe(own);
  });

  it('keeps a clean cause for debugging', async () => {
    const error = await clientWith(stubFetch(fetchFailed()).fetch)
      .summary()
      .catch((e: unknown) => e);
    expect((error as Error).cause).toMatchObject({ message: 'fetch failed' });
  });

  it('is absent from timeouts and from responses the schemas reject', async () => {
    const timeout = await clientWith(hangingFetch().fetch, { timeoutMs: 10 })
      .summary()
      .catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(TimeoutError);
    expectNoSecret(timeout);

    const drift = await clientWith(
      stubFetch(json(page([{ ...connection, name: KEY, healthStatus: KEY }]))).fetch,
    )
      .connections.list()
      .catch((e: unknown) => e);
    expect(drift).toBeInstanceOf(ResponseValidationError);
    expectNoSecret(drift);
  });

  it('refuses a key or secret a header cannot carry, without quoting it', async () => {
    const attempt = (apiKey: string) => {
      try {
        createHealthClient({ baseUrl: 'https://x.test', apiKey });
      } catch (error) {
        return error;
      }
    };
    for (const bad of [`${KEY}\n`, `${KEY} extra`, '']) {
      const error = attempt(bad);
      expect(error).toBeInstanceOf(TypeError);
      expectNoSecret(error);
    }
    const client = clientWith(stubFetch(json(page([]))).fetch);
    const error = await client.internal.runSweep(`${CRON}\r\n`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expectNoSecret(error);
  });

  it('keeps the cron secret out of errors too, and sends it instead of the key', async () => {
    const stub = stubFetch(apiError(401, 'UNAUTHORIZED', `wrong secret ${CRON}`));
    const error = await clientWith(stub.fetch)
      .internal.runSweep(CRON)
      .catch((e: unknown) => e);
    expect(stub.calls[0]?.headers.get('authorization')).toBe(`Bearer ${CRON}`);
    expect(error).toBeInstanceOf(HealthClientError);
    expectNoSecret(error);
  });

  it('serialises errors with their message and fields for structured loggers', async () => {
    const stub = stubFetch(
      apiError(404, 'NOT_FOUND', 'connection not found', { 'x-request-id': 'req_42' }),
    );
    const error = await clientWith(stub.fetch)
      .connections.get('conn_9')
      .catch((e: unknown) => e);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'NotFoundError',
      message: 'connection not found',
      status: 404,
      code: 'NOT_FOUND',
      requestId: 'req_42',
    });
  });
});
