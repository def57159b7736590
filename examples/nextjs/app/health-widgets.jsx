'use client';
// Client components: the summary card (its data already prefetched on the server) and the
// timeline, which pages through the history in the browser.
import { HydrationBoundary, QueryClient } from '@tanstack/react-query';
import { createHealthClient } from '@waygate/health-client';
import {
  HealthCheckTimeline,
  HealthClientProvider,
  HealthSummaryCard,
} from '@waygate/health-react';
import { useState } from 'react';

export function HealthWidgets({ state, connectionId }) {
  // One cache per browser session, never shared between server requests.
  const [queryClient] = useState(() => new QueryClient());
  const [client] = useState(() =>
    createHealthClient({
      // Public settings: anything in the browser is readable, so use a key meant for it. The
      // server must list this app's origin in WAYGATE_CORS_ORIGINS.
      baseUrl: process.env.NEXT_PUBLIC_WAYGATE_URL ?? 'http://localhost:3000',
      apiKey: process.env.NEXT_PUBLIC_WAYGATE_API_KEY ?? 'missing-key',
      timeoutMs: 5000,
    }),
  );
  return (
    <HealthClientProvider client={client} queryClient={queryClient}>
      {/* The server's prefetch: the card renders at once, no loading state, no request. */}
      <HydrationBoundary state={state}>
        <HealthSummaryCard />
        {connectionId && <HealthCheckTimeline connectionId={connectionId} />}
      </HydrationBoundary>
    </HealthClientProvider>
  );
}
