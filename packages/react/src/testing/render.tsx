import { QueryClient } from '@tanstack/react-query';
import { type RenderResult, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { HealthClientLike } from '../hooks/health-client';
import { HealthClientProvider } from '../hooks/health-client-provider';

/** Renders inside a provider with a fresh cache that never retries (failures show at once). */
export function renderWithClient(
  ui: ReactElement,
  client: HealthClientLike,
): RenderResult & { queryClient: QueryClient } {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY } },
  });
  const result = render(
    <HealthClientProvider client={client} queryClient={queryClient}>
      {ui}
    </HealthClientProvider>,
  );
  return { ...result, queryClient };
}
