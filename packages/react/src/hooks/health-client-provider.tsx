'use client';
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useState } from 'react';
import type { HealthClientLike } from './health-client';

const HealthClientContext = createContext<HealthClientLike | null>(null);

export interface HealthClientProviderProps {
  client: HealthClientLike;
  /** Defaults to the app's own `QueryClientProvider` if there is one, else a private client. */
  queryClient?: QueryClient;
  children?: ReactNode;
}

/** Makes a health client available to the hooks and to components given a `connectionId`. */
export function HealthClientProvider({ client, queryClient, children }: HealthClientProviderProps) {
  const outer = useContext(QueryClientContext);
  // Created once per provider, never at import time, so SSR requests never share a cache.
  const [own] = useState(() => (queryClient || outer ? null : new QueryClient()));
  const content = (
    <HealthClientContext.Provider value={client}>{children}</HealthClientContext.Provider>
  );
  const effective = queryClient ?? (outer ? null : own);
  return effective ? (
    <QueryClientProvider client={effective}>{content}</QueryClientProvider>
  ) : (
    content
  );
}

export function useHealthClient(): HealthClientLike {
  const client = useContext(HealthClientContext);
  if (!client) {
    throw new Error(
      'No health client: wrap the tree in <HealthClientProvider client={createHealthClient(…)}>, or pass the data as props.',
    );
  }
  return client;
}

/** The provider's client, or null outside a provider (for components that also work on props). */
export function useOptionalHealthClient(): HealthClientLike | null {
  return useContext(HealthClientContext);
}
