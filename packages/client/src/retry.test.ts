import { startLoopbackServer } from '@waygate/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  apiError,
  connection,
  fetchFailed,
  healthCheck,
  json,
  page,
  stubFetch,
  summary,
} from '../test/support/stub-fetch';
import { NetworkError, NotFoundError, RateLimitedError, ServerError } from './errors';
import { createHealthClient } from './index';
import type { RetryOptions } from './options';

const KEY = 'wgk_test_retry_key_0123456789';
const unavailable = () => apiError(503, 'INTERNAL_ERROR', 'try later');
const ok = () => json({ success: true, data: healthCheck });
const okSummary = () => json({ success: true, data: summary });

const clientWith = (fetch: ReturnType<typeof stubFetch>['fetch'], retry: number | RetryOptions) =>
  createHealthClient({ baseUrl: 'https://x.test', apiKey: KEY, fetch, retry });

afterEach(() => {
  vi.useRealTimers();
});

describe('which requests are retried', () => {
  it('retries a GET after a 5xx and returns the eventual answer', async () => {
    const stub = stubFetch(unavailable(), apiError(500, 'INTERNAL_ERROR', 'boom'), ok());
    const check = await clientWith(stub.fetch, { baseDelayMs: 1 }).healthChecks.latest('conn_1');
    expect(check?.id).toBe('hc_1');
    expect(stub.calls).toHaveLength(3);
  });

  it('retries a GET after network errors up to the limit, then throws NetworkError', async () => {
    const stub = stubFetch(fetchFailed());
    const client = clientWith(stub.fetch, { limit: 3, baseDelayMs: 1 });
    await expect(client.connections.list()).rejects.toBeInstanceOf(NetworkError);
    expect(stub.calls).toHaveLength(4);
  });

  it('does not retry a GET that failed for a reason a retry cannot fix', async () => {
    const stub = stubFetch(apiError(404, 'NOT_FOUND', 'no such connection'));
    await expect(
      clientWith(stub.fetch, { baseDelayMs: 1 }).connections.get('conn_x'),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(stub.calls).toHaveLength(1);
  });

  it('never retries a manual trigger, whatever the failure', async () => {
    for (const failure of [
      unavailable(),
      apiError(429, 'RATE_LIMITED', 'slow down', { 'retry-after': '0' }),
      fetchFailed(),
    ]) {
      const stub = stubFetch(failure, ok());
      await expect(
        clientWith(stub.fetch, { limit: 5, baseDelayMs: 1 }).healthChecks.trigger('conn_1'),
      ).rejects.toBeInstanceOf(Error);
      expect(stub.calls).toHaveLength(1);
    }
  });

  it('never retries writes or the cron sweep', async () => {
    const stub = stubFetch(unavailable());
    const client = clientWith(stub.fetch, { limit: 5, baseDelayMs: 1 });
    const writes = [
      () => client.connections.create({ integrationId: 'int_1', name: 'x' }),
      () => client.connections.update('conn_1', { name: 'y' }),
      () => client.connections.delete('conn_1'),
      () => client.integrations.update('int_1', { healthCheckConfig: { enabled: false } }),
      () => client.actions.create('int_1', { name: 'me', method: 'GET', path: '/me' }),
      () => client.internal.runSweep('cron-secret-0123456789'),
    ];
    for (const write of writes) {
      await expect(write()).rejects.toBeInstanceOf(ServerError);
    }
    expect(stub.calls.map((call) => call.method)).toEqual([
      'POST',
      'PATCH',
      'DELETE',
      'PATCH',
      'POST',
      'POST',
    ]);
  });

  it('does not retry at all with retry: 0', async () => {
    const stub = stubFetch(unavailable(), okSummary());
    await expect(clientWith(stub.fetch, 0).summary()).rejects.toBeInstanceOf(ServerError);
    expect(stub.calls).toHaveLength(1);
  });
});

describe('when retries happen', () => {
  it('waits exactly as long as a Retry-After in seconds asks', async () => {
    vi.useFakeTimers();
    const stub = stubFetch(
      apiError(429, 'RATE_LIMITED', 'slow down', { 'retry-after': '2' }),
      json(page([connection])),
    );
    const pending = clientWith(stub.fetch, { baseDelayMs: 1 }).connections.list();
    await vi.advanceTimersByTimeAsync(1999);
    expect(stub.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(stub.calls).toHaveLength(2);
    await expect(pending).resolves.toMatchObject({ data: [{ id: 'conn_1' }] });
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-25T10:00:00Z') });
    const stub = stubFetch(
      apiError(503, 'INTERNAL_ERROR', 'maintenance', {
        'retry-after': 'Sun, 25 Jan 2026 10:00:05 GMT',
      }),
      ok(),
    );
    const pending = clientWith(stub.fetch, { baseDelayMs: 1 }).healthChecks.latest('conn_1');
    await vi.advanceTimersByTimeAsync(4999);
    expect(stub.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(stub.calls).toHaveLength(2);
    await expect(pending).resolves.toMatchObject({ id: 'hc_1' });
  });

  it('backs off as usual when Retry-After is unreadable, instead of waiting maxRetryAfterMs', async () => {
    vi.useFakeTimers();
    const stub = stubFetch(
      apiError(503, 'INTERNAL_ERROR', 'maintenance', { 'retry-after': 'soon' }),
      apiError(429, 'RATE_LIMITED', 'slow down', { 'retry-after': '1e3' }),
      ok(),
    );
    const pending = clientWith(stub.fetch, { baseDelayMs: 100 }).healthChecks.latest('conn_1');
    await vi.advanceTimersByTimeAsync(100);
    expect(stub.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(stub.calls).toHaveLength(3);
    await expect(pending).resolves.toMatchObject({ id: 'hc_1' });
  });

  it('backs off exponentially with jitter between half and all of each delay', async () => {
    vi.useFakeTimers();
    const stub = stubFetch(unavailable(), unavailable(), okSummary());
    const pending = clientWith(stub.fetch, { baseDelayMs: 1000 }).summary();
    // First retry lands somewhere in [500, 1000] ms…
    await vi.advanceTimersByTimeAsync(499);
    expect(stub.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(501);
    expect(stub.calls).toHaveLength(2);
    // …the second in [1000, 2000] ms after it (at most 2000 ms after the first retry).
    await vi.advanceTimersByTimeAsync(499);
    expect(stub.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1501);
    expect(stub.calls).toHaveLength(3);
    await expect(pending).resolves.toMatchObject({ totalConnections: 1 });
  });

  it('never waits longer than maxDelayMs between attempts', async () => {
    vi.useFakeTimers();
    const stub = stubFetch(unavailable(), okSummary());
    const pending = clientWith(stub.fetch, { baseDelayMs: 60_000, maxDelayMs: 100 }).summary();
    await vi.advanceTimersByTimeAsync(99);
    expect(stub.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(stub.calls).toHaveLength(2);
    await expect(pending).resolves.toMatchObject({ totalConnections: 1 });
  });

  it('does not retry a 429 TOO_MANY_AUTH_FAILURES (the key is wrong; waiting cannot fix it)', async () => {
    const stub = stubFetch(
      apiError(429, 'TOO_MANY_AUTH_FAILURES', 'too many failed attempts', { 'retry-after': '0' }),
      ok(),
    );
    const error = await clientWith(stub.fetch, { limit: 3, baseDelayMs: 1 })
      .connections.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ status: 429, code: 'TOO_MANY_AUTH_FAILURES', retryAfterMs: 0 });
    expect(stub.calls).toHaveLength(1);
  });

  it('a 429 whose body stalls is retried as an ordinary 429, not waited on forever', async () => {
    // Headers at once, then a body that never ends: the lockout check gives up on the body.
    let calls = 0;
    const server = await startLoopbackServer((_request, response) => {
      calls += 1;
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
      response.write('{"success":false,');
    });
    try {
      const client = createHealthClient({
        baseUrl: server.origin,
        apiKey: KEY,
        timeoutMs: 300,
        retry: { limit: 1, baseDelayMs: 1 },
      });
      const error = await client.connections.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ status: 429 });
      expect(calls).toBe(2);
    } finally {
      await server.close();
    }
  }, 8_000);

  it('gives up at once when Retry-After exceeds maxRetryAfterMs, reporting the wait', async () => {
    const stub = stubFetch(
      apiError(429, 'RATE_LIMITED', 'slow down', { 'retry-after': '120' }),
      ok(),
    );
    const error = await clientWith(stub.fetch, { maxRetryAfterMs: 10_000 })
      .connections.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterMs: 120_000 });
    expect(stub.calls).toHaveLength(1);
  });

  it('stops retrying when the caller aborts during the wait', async () => {
    vi.useFakeTimers();
    const stub = stubFetch(unavailable(), okSummary());
    const controller = new AbortController();
    const pending = clientWith(stub.fetch, { baseDelayMs: 1000 }).summary(
      {},
      { signal: controller.signal },
    );
    const outcome = pending.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('navigated away'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(await outcome).toMatchObject({ message: 'navigated away' });
    expect(stub.calls).toHaveLength(1);
  });
});
