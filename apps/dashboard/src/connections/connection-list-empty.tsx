import type { HealthCheckStatus } from '@waygate/health-core';
import { EmptyState } from '@waygate/health-react';
import { Link } from '../router/router';
import { paths } from '../router/routes';

export interface ConnectionListEmptyProps {
  status: HealthCheckStatus | null;
  integrationId: string | null;
  /** A status or integration narrows the list. */
  filtered: boolean;
  /** The list is past its first page (a stale deep link, or rows gone since). */
  pastFirstPage: boolean;
}

/**
 * Why the list is empty, with the next step: past the first page, a link back to it; filtered,
 * a hint to widen the filters; otherwise the tenant has no connections yet and is told how to add one.
 */
export function ConnectionListEmpty({
  status,
  integrationId,
  filtered,
  pastFirstPage,
}: ConnectionListEmptyProps) {
  if (!filtered && !pastFirstPage) {
    return (
      <EmptyState title="No connections yet">
        Create an integration and a connection through the API or the SDK (
        <code>POST /api/v1/connections</code>); they appear here with their health.
      </EmptyState>
    );
  }
  return (
    <EmptyState title={status ? `No ${status} connections` : 'No connections match'}>
      {pastFirstPage ? (
        <Link
          to={paths.connections({
            status: status ?? undefined,
            integration: integrationId ?? undefined,
          })}
        >
          Back to the first page
        </Link>
      ) : (
        'Change or clear the filters to see more.'
      )}
    </EmptyState>
  );
}
