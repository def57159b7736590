import { describeReason, type HealthEvent } from '@waygate/health-core';
import { describeTransition, HealthStatusBadge, RelativeTime } from '@waygate/health-react';
import { Link } from '../router/router';
import { paths } from '../router/routes';

export interface EventItemProps {
  event: HealthEvent;
  unread?: boolean;
  /** Called when the connection link is followed (the bell closes its panel). */
  onNavigate?: () => void;
}

/** One state change, as the bell panel and the notifications page list it. */
export function EventItem({ event, unread, onNavigate }: EventItemProps) {
  return (
    <li className="event-item" data-unread={unread || undefined}>
      <HealthStatusBadge status={event.toStatus} size="sm" tooltip={false} />
      <span className="event-text">
        <Link to={paths.connection(event.connectionId)} onClick={onNavigate}>
          {event.connectionName}
        </Link>
        <span className="wg-muted"> {describeTransition(event)}</span>
        {event.reasons.length > 0 && (
          <span className="wg-list-sub">{event.reasons.map(describeReason).join('; ')}</span>
        )}
      </span>
      <RelativeTime className="wg-muted small" value={event.createdAt} />
    </li>
  );
}
