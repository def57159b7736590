import type { HealthCheckStatus } from '@waygate/health-core';
import { useId } from 'react';
import { useIntegrationOptions } from '../integrations/use-integrations';
import type { ConnectionSort } from './connection-pager';

type SetParams = (changes: Record<string, string | null>) => void;

export interface ConnectionListToolbarProps {
  status: HealthCheckStatus | null;
  integrationId: string | null;
  sort: ConnectionSort;
  /** A status or integration narrows the list: offer "Clear filters". */
  filtered: boolean;
  /** Writes the URL; every change also drops `after`, since a page position means nothing in another list. */
  setParams: SetParams;
}

/** Status, integration and sort selects over the connection list; they live in the URL. */
export function ConnectionListToolbar({
  status,
  integrationId,
  sort,
  filtered,
  setParams,
}: ConnectionListToolbarProps) {
  const id = useId();
  return (
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
      <IntegrationSelect id={`${id}-integration`} value={integrationId} setParams={setParams} />
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
  );
}

function IntegrationSelect({
  id,
  value,
  setParams,
}: {
  id: string;
  value: string | null;
  setParams: SetParams;
}) {
  const integrations = useIntegrationOptions();
  return (
    <div className="field">
      <label htmlFor={id}>Integration</label>
      <select
        id={id}
        className="wg-input"
        value={value ?? ''}
        onChange={(event) => setParams({ integration: event.target.value || null, after: null })}
      >
        <option value="">All integrations</option>
        {/* A deep link may name an integration not (yet) in the options: keep it selectable. */}
        {value && !integrations.data?.some((i) => i.id === value) && (
          <option value={value}>{value}</option>
        )}
        {integrations.data?.map((integration) => (
          <option key={integration.id} value={integration.id}>
            {integration.name}
          </option>
        ))}
      </select>
    </div>
  );
}
