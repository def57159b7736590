import type { Decorator } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { HealthClientProvider } from '../hooks/health-client-provider';
import { createMockHealthClient, type MockClientOptions } from '../testing/mock-health-client';

/** Decorator: a provider over an in-memory client, fresh for every story render. */
export function withMockClient(options: MockClientOptions = {}): Decorator {
  return (Story) => {
    const [client] = useState(() => createMockHealthClient(options));
    const [queryClient] = useState(
      () => new QueryClient({ defaultOptions: { queries: { retry: false } } }),
    );
    return (
      <HealthClientProvider client={client} queryClient={queryClient}>
        <Story />
      </HealthClientProvider>
    );
  };
}

export const dark = { globals: { theme: 'dark' } } as const;
