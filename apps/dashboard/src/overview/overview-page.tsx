import { useQuery } from '@tanstack/react-query';
import {
  HealthSummaryCard,
  healthSummaryQueryOptions,
  useHealthClient,
} from '@waygate/health-react';
import { usePageTitle } from '../layout/use-page-title';
import { useEventFeed } from '../notifications/event-feed';
import { Link } from '../router/router';
import { paths } from '../router/routes';
import { PageHeader } from '../ui/page-header';

/** Scheduled checks land every few minutes; the overview follows them without a reload. */
export const SUMMARY_REFRESH_MS = 30_000;

export function OverviewPage() {
  usePageTitle('Overview');
  const client = useHealthClient();
  const summary = useQuery({
    ...healthSummaryQueryOptions(client),
    refetchInterval: SUMMARY_REFRESH_MS,
  });
  const feed = useEventFeed();
  const data = summary.data;
  const attention = data ? data.degraded + data.unhealthy : 0;
  return (
    <>
      <PageHeader
        title="Overview"
        actions={
          data && attention > 0 ? (
            <Link className="wg-button" to={paths.connections({ sort: 'worst' })}>
              Review {attention} connection{attention === 1 ? '' : 's'} needing attention
            </Link>
          ) : undefined
        }
      >
        Health of every connection of this tenant, checked on a schedule and on demand.
      </PageHeader>
      {/* The card titles itself with an h3: this keeps the outline h1 → h2 → h3. */}
      <h2 className="wg-sr-only">Summary</h2>
      <HealthSummaryCard
        summary={data}
        events={feed.events}
        isLoading={summary.isPending}
        error={summary.isError ? summary.error : undefined}
        onRetry={() => void summary.refetch()}
        maxConnections={8}
        maxEvents={6}
        renderConnectionName={(connection) => (
          <Link to={paths.connection(connection.id)}>{connection.name}</Link>
        )}
      />
      <nav aria-label="Status shortcuts" className="shortcuts">
        {(['unhealthy', 'degraded', 'healthy'] as const).map((status) => (
          <Link
            key={status}
            className="shortcut"
            data-state={status}
            to={paths.connections({ status })}
          >
            {data ? `${data[status]} ` : ''}
            {status} connection{data?.[status] === 1 ? '' : 's'}
          </Link>
        ))}
        {/* Said in words, beside the statuses it overlays: those checks raise no alert now. */}
        {data?.inMaintenance ? (
          <Link className="shortcut" data-state="maintenance" to={paths.alerts()}>
            {data.inMaintenance} connection{data.inMaintenance === 1 ? '' : 's'} in maintenance
          </Link>
        ) : null}
      </nav>
    </>
  );
}
