import type { Connection } from '@waygate/health-core';
import {
  CheckNowButton,
  displayStatus,
  HealthStatusBadge,
  RelativeTime,
} from '@waygate/health-react';
import { Link } from '../router/router';
import { paths } from '../router/routes';

/** One connection: badge, name, integration, "Last checked", and its own Check-now button. */
export function ConnectionRow({
  connection,
  onChecked,
}: {
  connection: Connection;
  onChecked: () => void;
}) {
  const status = displayStatus(connection);
  return (
    <li
      className="connection-row"
      data-state={status}
      data-connection-id={connection.id}
      data-slot="connection-row"
    >
      <span className="connection-badge">
        <HealthStatusBadge connection={connection} />
      </span>
      <span className="connection-name">
        <Link to={paths.connection(connection.id)} className="wg-strong">
          {connection.name}
        </Link>
        <span className="wg-muted connection-integration">{connection.integrationName}</span>
        {connection.status === 'disabled' && <span className="tag">Disabled</span>}
      </span>
      <span className="connection-checked wg-muted">
        {connection.lastHealthCheckAt ? (
          <>
            Last checked: <RelativeTime value={connection.lastHealthCheckAt} />
          </>
        ) : (
          'Not checked yet'
        )}
      </span>
      <span className="connection-action">
        <CheckNowButton
          connectionId={connection.id}
          aria-label={`Check now: ${connection.name}`}
          onChecked={onChecked}
        />
      </span>
    </li>
  );
}
