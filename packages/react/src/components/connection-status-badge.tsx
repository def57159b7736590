'use client';
import { useConnection } from '../hooks/use-health-queries';
import { HealthStatusBadge, type HealthStatusBadgeProps } from './health-status-badge';

export interface ConnectionStatusBadgeProps
  extends Omit<HealthStatusBadgeProps, 'connection' | 'status' | 'reasons' | 'lastCheckedAt'> {
  connectionId: string;
}

/**
 * A badge that fetches its connection through `HealthClientProvider` (one request per badge).
 * In a list, pass the rows to `HealthStatusBadge connection={row}` instead: the list response
 * already carries every status.
 */
export function ConnectionStatusBadge({ connectionId, ...props }: ConnectionStatusBadgeProps) {
  const query = useConnection(connectionId);
  if (query.isPending) return <HealthStatusBadge {...props} loading label="Loading" />;
  if (query.isError) {
    return <HealthStatusBadge {...props} status="unknown" unavailable label="Unavailable" />;
  }
  return <HealthStatusBadge {...props} connection={query.data} />;
}
