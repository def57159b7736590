import {
  HealthCheckTimeline,
  HealthStatusBadge,
  HealthSummaryCard,
  useConnections,
} from '@waygate/health-react';

export function App() {
  const connections = useConnections({ limit: 20 });
  const first = connections.data?.data[0];
  return (
    <main>
      <h1>My app</h1>
      <HealthSummaryCard />
      <section aria-labelledby="connections-title">
        <h2 id="connections-title">Connections</h2>
        <ul data-testid="connection-list">
          {connections.data?.data.map((connection) => (
            <li key={connection.id}>
              {connection.name} <HealthStatusBadge connection={connection} size="sm" />
            </li>
          ))}
        </ul>
      </section>
      {first && <HealthCheckTimeline connectionId={first.id} />}
    </main>
  );
}
