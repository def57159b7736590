import { NotFoundError } from '@waygate/health-client';
import type { UptimeWindow } from '@waygate/health-core';
import {
  ConnectionHealthPanel,
  EmptyState,
  ErrorState,
  HealthStatusBadge,
  LoadingState,
  useConnection,
} from '@waygate/health-react';
import { LatencyChart, UptimeFigures } from '@waygate/health-react/charts';
import { useId } from 'react';
import { usePageTitle } from '../layout/use-page-title';
import { Link, useSearchParams } from '../router/router';
import { paths } from '../router/routes';
import { PageHeader } from '../ui/page-header';
import { ShareAndExport } from './share-and-export';
import { TestActionSettings } from './test-action-settings';

function LatencySection({ connectionId }: { connectionId: string }) {
  const [params, setParams] = useSearchParams();
  const window: UptimeWindow = params.get('latency') === '7d' ? '7d' : '24h';
  const id = useId();
  return (
    <div className="latency-section">
      <div className="inline-field">
        <label htmlFor={`${id}-window`}>Latency over</label>
        <select
          id={`${id}-window`}
          className="wg-input"
          value={window}
          onChange={(event) =>
            setParams({ latency: event.target.value === '7d' ? '7d' : null }, { replace: true })
          }
        >
          <option value="24h">the last 24 hours (hourly)</option>
          <option value="7d">the last 7 days (daily)</option>
        </select>
      </div>
      <LatencyChart
        connectionId={connectionId}
        window={window}
        bucket={window === '7d' ? 'day' : 'hour'}
        title={
          window === '7d'
            ? 'Test-action latency, last 7 days'
            : 'Test-action latency, last 24 hours'
        }
      />
    </div>
  );
}

/** Connection detail: the Health section (status, reasons, uptime, timeline, charts, Check now). */
export function ConnectionPage({ connectionId }: { connectionId: string }) {
  const connection = useConnection(connectionId);
  usePageTitle(connection.data?.name ?? 'Connection');

  if (connection.isPending) {
    return (
      <>
        <PageHeader title="Connection" />
        <LoadingState label="Loading connection…" />
      </>
    );
  }
  if (connection.isError) {
    return connection.error instanceof NotFoundError ? (
      <>
        <PageHeader title="Connection not found" />
        <EmptyState title="No connection has this id in your tenant.">
          <Link to={paths.connections()}>Back to all connections</Link>
        </EmptyState>
      </>
    ) : (
      <>
        <PageHeader title="Connection" />
        <ErrorState
          title="The connection could not be loaded"
          error={connection.error}
          onRetry={() => void connection.refetch()}
        />
      </>
    );
  }

  const data = connection.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={paths.connections()}>Connections</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">{data.name}</span>
      </nav>
      <PageHeader
        title={data.name}
        actions={
          <Link className="wg-button" to={paths.history(data.id)}>
            Full history
          </Link>
        }
      >
        <HealthStatusBadge connection={data} size="sm" />{' '}
        <Link to={paths.integration(data.integrationId)}>{data.integrationName}</Link>
        {data.status === 'disabled' && (
          <span className="tag">Disabled: not checked on schedule</span>
        )}
      </PageHeader>
      <div className="detail-grid">
        <ConnectionHealthPanel
          connectionId={data.id}
          title="Health"
          charts={
            <>
              <UptimeFigures connectionId={data.id} windows={['24h', '7d']} />
              <LatencySection connectionId={data.id} />
            </>
          }
        />
        <TestActionSettings connection={data} />
        <ShareAndExport connection={data} />
      </div>
    </>
  );
}
