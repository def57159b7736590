// A Server Component: it prefetches on the server with the server-safe entry
// (`@waygate/health-react/query`, no 'use client'), renders badges from the rows it fetched,
// and hands the dehydrated cache to the client components.
import { dehydrate, QueryClient } from '@tanstack/react-query';
import { createHealthClient } from '@waygate/health-client';
import { HealthStatusBadge } from '@waygate/health-react';
import { connectionsQueryOptions, healthSummaryQueryOptions } from '@waygate/health-react/query';
import { HealthWidgets } from './health-widgets';

// Read at request time: the build never needs the server.
export const dynamic = 'force-dynamic';

export default async function Page() {
  // Server-side settings: the key never reaches the browser from here.
  const health = createHealthClient({
    baseUrl: process.env.WAYGATE_URL ?? 'http://localhost:3000',
    apiKey: process.env.WAYGATE_API_KEY ?? 'missing-key',
  });
  const queryClient = new QueryClient();
  const [connections] = await Promise.all([
    queryClient.fetchQuery(connectionsQueryOptions(health, { limit: 20 })),
    queryClient.prefetchQuery(healthSummaryQueryOptions(health)),
  ]);
  return (
    <main>
      <h1>My Next.js app</h1>
      <section aria-labelledby="connections-title">
        <h2 id="connections-title">Connections</h2>
        <ul data-testid="connection-list">
          {connections.data.map((connection) => (
            <li key={connection.id}>
              {connection.name} <HealthStatusBadge connection={connection} size="sm" />
            </li>
          ))}
        </ul>
      </section>
      <HealthWidgets state={dehydrate(queryClient)} connectionId={connections.data[0]?.id} />
    </main>
  );
}
