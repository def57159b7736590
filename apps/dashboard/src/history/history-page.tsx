import { NotFoundError } from '@waygate/health-client';
import { HealthCheckStatus } from '@waygate/health-core';
import {
  CheckNowButton,
  EmptyState,
  HealthCheckTimeline,
  HealthStatusBadge,
  type TimelineFilters,
  useConnection,
} from '@waygate/health-react';
import { usePageTitle } from '../layout/use-page-title';
import { Link, useSearchParams } from '../router/router';
import { paths } from '../router/routes';
import { PageHeader } from '../ui/page-header';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Filters live in the URL (`?status=&from=&to=`) so a filtered history can be shared. */
function useUrlFilters(): [TimelineFilters, (next: TimelineFilters) => void] {
  const [params, setParams] = useSearchParams();
  const status = HealthCheckStatus.safeParse(params.get('status'));
  const from = params.get('from');
  const to = params.get('to');
  const filters: TimelineFilters = {
    status: status.success ? status.data : undefined,
    from: from && DAY.test(from) ? from : undefined,
    to: to && DAY.test(to) ? to : undefined,
  };
  const setFilters = (next: TimelineFilters) =>
    setParams(
      { status: next.status ?? null, from: next.from ?? null, to: next.to ?? null },
      { replace: true },
    );
  return [filters, setFilters];
}

/** A connection's health check history: status bar, filters, expandable rows with resolutions. */
export function HistoryPage({ connectionId }: { connectionId: string }) {
  const connection = useConnection(connectionId);
  const [filters, setFilters] = useUrlFilters();
  const name = connection.data?.name;
  usePageTitle(name ? `History of ${name}` : 'History');

  if (connection.isError && connection.error instanceof NotFoundError) {
    return (
      <>
        <PageHeader title="Connection not found" />
        <EmptyState title="No connection has this id in your tenant.">
          <Link to={paths.connections()}>Back to all connections</Link>
        </EmptyState>
      </>
    );
  }
  const data = connection.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={paths.connections()}>Connections</Link> <span aria-hidden="true">/</span>{' '}
        <Link to={paths.connection(connectionId)}>{name ?? connectionId}</Link>{' '}
        <span aria-hidden="true">/</span> <span aria-current="page">History</span>
      </nav>
      <PageHeader
        title={name ? `History · ${name}` : 'History'}
        actions={<CheckNowButton connectionId={connectionId} />}
      >
        {data && (
          <>
            <HealthStatusBadge connection={data} size="sm" /> {data.integrationName}. Expand a check
            for its details and the suggested fix.
          </>
        )}
      </PageHeader>
      {/* The timeline titles itself with an h3: this keeps the outline h1 → h2 → h3. */}
      <h2 className="wg-sr-only">Check history</h2>
      <HealthCheckTimeline
        connectionId={connectionId}
        filters={filters}
        onFiltersChange={setFilters}
        title="Health checks"
      />
    </>
  );
}
