import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  EmptyState,
  ErrorState,
  healthSummaryQueryOptions,
  LoadingState,
  useHealthClient,
} from '@waygate/health-react';
import { useId, useRef } from 'react';
import { useSession } from '../auth/session';
import { dashboardKeys } from '../dashboard-keys';
import { useIntegrationOptions } from '../integrations/use-integrations';
import { usePageTitle } from '../layout/use-page-title';
import { Link, useSearchParams } from '../router/router';
import { paths } from '../router/routes';
import { PageHeader } from '../ui/page-header';
import {
  connectionPageParams,
  connectionPageQueryOptions,
  encodePosition,
  type PagePosition,
} from './connection-pager';
import { ConnectionRow } from './connection-row';

/** Scheduled checks keep landing; the list follows them while it is open. */
const LIST_REFRESH_MS = 30_000;

const numberFormat = new Intl.NumberFormat();

/**
 * "7 connections, unhealthy first", "3 unhealthy connections", "Connections in order of
 * creation", "2 healthy connections and 1 not checked yet" (`notChecked` of the `total`).
 */
function describeList(
  total: number | null,
  status: string | null,
  sort: 'worst' | 'created',
  notChecked = 0,
): string {
  if (total !== null && notChecked > 0) {
    const checked = total - notChecked;
    return `${numberFormat.format(checked)} ${status} connection${checked === 1 ? '' : 's'} and ${numberFormat.format(notChecked)} not checked yet.`;
  }
  const noun = `${status ? `${status} ` : ''}connection${total === 1 ? '' : 's'}`;
  const count =
    total !== null
      ? `${numberFormat.format(total)} ${noun}`
      : noun[0]!.toUpperCase() + noun.slice(1);
  if (status) return `${count}.`;
  return sort === 'worst' ? `${count}, unhealthy first.` : `${count}, in order of creation.`;
}

/** Every connection with its badge, last check and a Check-now button; 50 per page. */
export function ConnectionListPage() {
  usePageTitle('Connections');
  const { client } = useSession();
  const healthClient = useHealthClient();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const id = useId();
  const listRef = useRef<HTMLElement>(null);

  const pageParams = connectionPageParams(params);
  const { sort, status, integrationId, position } = pageParams;

  const page = useQuery({
    ...connectionPageQueryOptions(client, pageParams),
    placeholderData: keepPreviousData,
    refetchInterval: LIST_REFRESH_MS,
  });
  const summary = useQuery(healthSummaryQueryOptions(healthClient));
  const integrations = useIntegrationOptions();

  // The total is known from the summary unless the list is narrowed to one integration. The
  // status filter matches a connection never checked by its stored status (healthy), so the
  // healthy list also holds the summary's never-checked connections (shown "Not checked").
  const counts = summary.data && !integrationId ? summary.data : null;
  const notChecked = counts && status === 'healthy' ? counts.neverChecked : 0;
  const total = counts ? (status ? counts[status] + notChecked : counts.totalConnections) : null;
  const rows = page.data?.rows ?? [];
  const offset = page.data?.offset ?? 0;
  const hasNext = Boolean(page.data?.next) && (total === null || offset + rows.length < total);

  const goTo = (next: PagePosition | null) => {
    setParams({ after: next ? encodePosition(next) : null });
    listRef.current?.focus({ preventScroll: true });
  };
  const filtered = Boolean(status || integrationId);

  return (
    <>
      <PageHeader title="Connections">{describeList(total, status, sort, notChecked)}</PageHeader>

      <form
        className="toolbar"
        aria-label="Filter and sort connections"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            className="wg-input"
            value={status ?? ''}
            onChange={(event) => setParams({ status: event.target.value || null, after: null })}
          >
            <option value="">All statuses</option>
            <option value="unhealthy">Unhealthy</option>
            <option value="degraded">Degraded</option>
            <option value="healthy">Healthy</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-integration`}>Integration</label>
          <select
            id={`${id}-integration`}
            className="wg-input"
            value={integrationId ?? ''}
            onChange={(event) =>
              setParams({ integration: event.target.value || null, after: null })
            }
          >
            <option value="">All integrations</option>
            {integrationId && !integrations.data?.some((i) => i.id === integrationId) && (
              <option value={integrationId}>{integrationId}</option>
            )}
            {integrations.data?.map((integration) => (
              <option key={integration.id} value={integration.id}>
                {integration.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sort`}>Sort</label>
          <select
            id={`${id}-sort`}
            className="wg-input"
            value={sort}
            onChange={(event) =>
              setParams({ sort: event.target.value === 'created' ? 'created' : null, after: null })
            }
          >
            <option value="worst">Worst status first</option>
            <option value="created">Order of creation</option>
          </select>
        </div>
        {filtered && (
          <button
            type="button"
            className="wg-button wg-button-ghost"
            onClick={() => setParams({ status: null, integration: null, after: null })}
          >
            Clear filters
          </button>
        )}
      </form>

      <section
        ref={listRef}
        tabIndex={-1}
        className="wg-card list-card"
        aria-busy={page.isFetching || undefined}
        aria-labelledby={`${id}-caption`}
      >
        <h2 id={`${id}-caption`} className="wg-sr-only">
          Connection list
        </h2>
        {page.isPending ? (
          <LoadingState label="Loading connections…" />
        ) : page.isError ? (
          <ErrorState
            title="Connections could not be loaded"
            error={page.error}
            onRetry={() => void page.refetch()}
          />
        ) : rows.length === 0 ? (
          filtered || position ? (
            <EmptyState title={status ? `No ${status} connections` : 'No connections match'}>
              {position ? (
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
          ) : (
            <EmptyState title="No connections yet">
              Create an integration and a connection through the API or the SDK (
              <code>POST /api/v1/connections</code>); they appear here with their health.
            </EmptyState>
          )
        ) : (
          <>
            <ul className="connection-list" data-slot="connection-list">
              {rows.map((connection) => (
                <ConnectionRow
                  key={connection.id}
                  connection={connection}
                  onChecked={() =>
                    void queryClient.invalidateQueries({ queryKey: dashboardKeys.connections() })
                  }
                />
              ))}
            </ul>
            <nav className="pager" aria-label="Pages">
              <span className="wg-muted" aria-live="polite" data-slot="page-range">
                Showing {numberFormat.format(offset + 1)}–
                {numberFormat.format(offset + rows.length)}
                {total !== null ? ` of ${numberFormat.format(total)}` : ''}
              </span>
              {(position || hasNext) && (
                <span className="pager-buttons">
                  <button
                    type="button"
                    className="wg-button"
                    disabled={!position}
                    onClick={() => goTo(null)}
                  >
                    First page
                  </button>
                  <button
                    type="button"
                    className="wg-button"
                    disabled={!hasNext || page.isPlaceholderData}
                    onClick={() => goTo(page.data?.next ?? null)}
                  >
                    Next page
                  </button>
                </span>
              )}
            </nav>
          </>
        )}
      </section>
    </>
  );
}
