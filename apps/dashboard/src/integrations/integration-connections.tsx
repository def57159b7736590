import {
  ErrorState,
  HealthCard,
  HealthStatusBadge,
  LoadingState,
  useConnections,
} from '@waygate/health-react';
import type { ReactNode } from 'react';
import { Link } from '../router/router';
import { paths } from '../router/routes';

const SHOWN = 10;

/**
 * The integration's first connections with their status: one list request, and each badge
 * renders from its row (`connection` prop), never one request per badge.
 */
export function IntegrationConnections({ integrationId }: { integrationId: string }) {
  const connections = useConnections({ integrationId, limit: SHOWN });
  let body: ReactNode;
  if (connections.isPending) body = <LoadingState label="Loading connections…" />;
  else if (connections.isError) {
    body = (
      <ErrorState
        title="Connections could not be loaded"
        error={connections.error}
        onRetry={() => void connections.refetch()}
      />
    );
  } else if (connections.data.data.length === 0) {
    body = <p className="wg-muted">No connection uses this integration yet.</p>;
  } else {
    body = (
      <ul className="wg-list" data-slot="integration-connections">
        {connections.data.data.map((connection) => (
          <li key={connection.id} className="wg-list-item">
            <HealthStatusBadge connection={connection} size="sm" />
            <Link to={paths.connection(connection.id)} className="wg-strong">
              {connection.name}
            </Link>
          </li>
        ))}
        {connections.data.pagination.hasMore && (
          <li>
            <Link to={paths.connections({ integration: integrationId })}>All its connections</Link>
          </li>
        )}
      </ul>
    );
  }
  return <HealthCard title="Connections">{body}</HealthCard>;
}
