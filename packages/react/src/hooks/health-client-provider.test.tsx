import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { render, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { makeCheckHistory } from '../testing/fixtures';
import { createMockHealthClient } from '../testing/mock-health-client';
import { HealthClientProvider, useHealthClient } from './health-client-provider';
import { healthKeys } from './query-keys';
import { useLatestHealthCheck } from './use-health-queries';

function Probe() {
  useHealthClient();
  return null;
}

describe('HealthClientProvider', () => {
  it("reuses the app's QueryClient when there is one", () => {
    const appClient = new QueryClient();
    const { result } = renderHook(() => useQueryClient(), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <QueryClientProvider client={appClient}>
          <HealthClientProvider client={createMockHealthClient()}>{children}</HealthClientProvider>
        </QueryClientProvider>
      ),
    });
    expect(result.current).toBe(appClient);
  });

  it('creates its own QueryClient when the app has none, so two lines are enough', async () => {
    const checks = makeCheckHistory({ count: 3 });
    const { result } = renderHook(() => useLatestHealthCheck('conn_prodslack'), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <HealthClientProvider client={createMockHealthClient({ checks })}>
          {children}
        </HealthClientProvider>
      ),
    });
    await waitFor(() => expect(result.current.data?.id).toBe(checks[0]!.id));
  });

  it('explains what to do when a component needs a client and there is no provider', () => {
    const spy = console.error;
    console.error = () => {};
    try {
      expect(() => render(<Probe />)).toThrow(/wrap the tree in <HealthClientProvider/);
    } finally {
      console.error = spy;
    }
  });

  it('keys everything about one connection under one prefix', () => {
    const prefix = healthKeys.connection('conn_a1');
    for (const key of [
      healthKeys.checkList('conn_a1', { status: 'unhealthy' }),
      healthKeys.latest('conn_a1'),
      healthKeys.uptime('conn_a1', '7d'),
      healthKeys.latency('conn_a1', { bucket: 'hour', window: '24h' }),
      healthKeys.connectionDetail('conn_a1'),
    ]) {
      expect(key.slice(0, prefix.length)).toEqual([...prefix]);
    }
    expect(healthKeys.latest('conn_b2').slice(0, prefix.length)).not.toEqual([...prefix]);
  });
});
