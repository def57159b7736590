import { createServer } from 'node:net';
import { QueryClient } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { createHealthClient } from '@waygate/health-client';
import { describe, expect, it, vi } from 'vitest';
import { HealthSummaryCard } from '../components/health-summary-card';
import { HealthClientProvider } from './health-client-provider';

/** A loopback port with nothing listening: connections are refused, as with a server down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('one retry policy (the SDK’s), not react-query’s on top', () => {
  it('shows the error state after the SDK’s 3 attempts when the API is unreachable', async () => {
    const port = await closedPort();
    const attempts = new Map<string, number>();
    const client = createHealthClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: 'wh_test_key',
      // The real fetch, counted: every attempt is one call.
      fetch: (input, init) => {
        const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
        attempts.set(path, (attempts.get(path) ?? 0) + 1);
        return fetch(input, init);
      },
    });
    // A host app's QueryClient with react-query's defaults (3 retries with backoff): the
    // factories' `retry: false` must win, or the error would take ~12 s and 12 requests.
    const queryClient = new QueryClient();
    render(
      <HealthClientProvider client={client} queryClient={queryClient}>
        <HealthSummaryCard />
      </HealthClientProvider>,
    );
    // The bound: the error state within 5 s of an unreachable API.
    const alert = await screen.findByRole('alert', {}, { timeout: 5_000 });
    expect(alert.textContent).toContain('Health summary could not be loaded');
    expect(alert.textContent).toContain('ECONNREFUSED');
    // The card's two reads (summary, recent events) run side by side: the alert shows when the
    // summary has failed, while the events read may still be on its last attempt. Once both
    // queries have settled in error (react-query retrying on top would keep them pending for
    // ~12 s), each made the SDK's default first attempt and 2 retries, nothing stacked on top.
    await vi.waitFor(
      () => {
        const queries = queryClient.getQueryCache().getAll();
        expect(queries.length).toBeGreaterThanOrEqual(2);
        expect(queries.every((query) => query.state.status === 'error')).toBe(true);
      },
      { timeout: 5_000 },
    );
    expect(Object.fromEntries(attempts)).toEqual({
      '/api/v1/health-checks/summary': 3,
      '/api/v1/health-events': 3,
    });
  });
});
