import { useQueryClient } from '@tanstack/react-query';
import type { Connection } from '@waygate/health-core';
import { ErrorState, LoadingState } from '@waygate/health-react';
import { useId } from 'react';
import { dashboardKeys } from '../dashboard-keys';
import { usePageTitle } from '../layout/use-page-title';
import { PageHeader } from '../ui/page-header';
import { ConnectionListEmpty } from './connection-list-empty';
import { ConnectionListPager } from './connection-list-pager';
import { ConnectionListToolbar } from './connection-list-toolbar';
import { ConnectionRow } from './connection-row';
import { describeConnectionList } from './describe-connection-list';
import { type ConnectionList, useConnectionList } from './use-connection-list';

/** Every connection with its badge, last check and a Check-now button; 50 per page. */
export function ConnectionListPage() {
  usePageTitle('Connections');
  const list = useConnectionList();
  const { status, integrationId, sort, filtered } = list;
  const id = useId();

  return (
    <>
      <PageHeader title="Connections">
        {describeConnectionList(list.total, status, sort, list.notChecked)}
      </PageHeader>
      <ConnectionListToolbar
        status={status}
        integrationId={integrationId}
        sort={sort}
        filtered={filtered}
        setParams={list.setParams}
      />
      {/* Focusable so paging can move focus to the new rows (see useConnectionList's goTo). */}
      <section
        ref={list.listRef}
        tabIndex={-1}
        className="wg-card list-card"
        aria-busy={list.page.isFetching || undefined}
        aria-labelledby={`${id}-caption`}
      >
        <h2 id={`${id}-caption`} className="wg-sr-only">
          Connection list
        </h2>
        <ConnectionListBody list={list} />
      </section>
    </>
  );
}

/** The list's card body: loading, error, why it is empty, or the rows and the pager. */
function ConnectionListBody({ list }: { list: ConnectionList }) {
  const { page, status, integrationId, position, filtered, rows } = list;
  if (page.isPending) return <LoadingState label="Loading connections…" />;
  if (page.isError)
    return (
      <ErrorState
        title="Connections could not be loaded"
        error={page.error}
        onRetry={() => void page.refetch()}
      />
    );
  if (rows.length === 0)
    return (
      <ConnectionListEmpty
        status={status}
        integrationId={integrationId}
        filtered={filtered}
        pastFirstPage={Boolean(position)}
      />
    );
  return (
    <>
      <ConnectionRows rows={rows} />
      <ConnectionListPager
        offset={list.offset}
        shown={rows.length}
        total={list.total}
        position={position}
        hasNext={list.hasNext}
        isPlaceholderData={page.isPlaceholderData}
        next={page.data?.next ?? null}
        goTo={list.goTo}
      />
    </>
  );
}

/** One row per connection; a Check now anywhere refreshes every list page (statuses may move rows). */
function ConnectionRows({ rows }: { rows: readonly Connection[] }) {
  const queryClient = useQueryClient();
  return (
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
  );
}
