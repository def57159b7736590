import { QueryClient } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { makeConnectionDetail } from '../testing/fixtures';
import { createMockHealthClient } from '../testing/mock-health-client';
import { HealthClientProvider } from './health-client-provider';
import { useConnections, useInfiniteConnections } from './use-health-queries';

const connections = Array.from({ length: 5 }, (_, i) => ({
  ...makeConnectionDetail(i % 2 ? 'unhealthy' : 'healthy'),
  id: `conn_${i}`,
}));

/** A provider with one cache for the whole test (a wrapper creating one per render would lose it). */
function renderWithProvider<T>(hook: () => T, client: ReturnType<typeof createMockHealthClient>) {
  const queryClient = new QueryClient();
  return renderHook(hook, {
    wrapper: ({ children }: { children: ReactNode }) => (
      <HealthClientProvider client={client} queryClient={queryClient}>
        {children}
      </HealthClientProvider>
    ),
  });
}

describe('connection list hooks', () => {
  it('useConnections lists one page through the provider, with filters', async () => {
    const client = createMockHealthClient({ connections });
    const { result } = renderWithProvider(
      () => useConnections({ healthStatus: 'unhealthy' }),
      client,
    );
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.data.map((c) => c.id)).toEqual(['conn_1', 'conn_3']);
    expect(client.calls).toEqual(['connections.list']);
  });

  it('useInfiniteConnections follows the cursor page by page', async () => {
    const client = createMockHealthClient({ connections });
    // Read in render, as a component would (react-query re-renders for what render reads).
    const { result } = renderWithProvider(() => {
      const query = useInfiniteConnections({ limit: 2 });
      return {
        ids: query.data?.pages.flatMap((page) => page.data.map((c) => c.id)) ?? [],
        hasNextPage: query.hasNextPage,
        fetchNextPage: query.fetchNextPage,
      };
    }, client);
    await waitFor(() => expect(result.current.ids).toEqual(['conn_0', 'conn_1']));
    expect(result.current.hasNextPage).toBe(true);
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.ids).toHaveLength(4));
    await act(() => result.current.fetchNextPage());
    await waitFor(() =>
      expect(result.current.ids).toEqual(['conn_0', 'conn_1', 'conn_2', 'conn_3', 'conn_4']),
    );
    expect(result.current.hasNextPage).toBe(false);
    expect(client.calls).toEqual(['connections.list', 'connections.list', 'connections.list']);
  });
});
