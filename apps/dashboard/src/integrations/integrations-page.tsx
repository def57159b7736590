import type { Integration } from '@waygate/health-core';
import { EmptyState, ErrorState, LoadingState } from '@waygate/health-react';
import { usePageTitle } from '../layout/use-page-title';
import { Link } from '../router/router';
import { paths } from '../router/routes';
import { BreakableUrl } from '../ui/breakable-url';
import { PageHeader } from '../ui/page-header';
import { describeInterval } from './describe-interval';
import { useIntegrationOptions } from './use-integrations';

function IntegrationCard({ integration }: { integration: Integration }) {
  const config = integration.healthCheckConfig;
  const checking = config.enabled && integration.status === 'active';
  return (
    <li className="wg-card integration-card" data-enabled={checking}>
      <h2 className="integration-name">
        <Link to={paths.integration(integration.id)}>{integration.name}</Link>
      </h2>
      <dl className="facts">
        <div>
          <dt>Health checks</dt>
          <dd>
            {integration.status === 'draft'
              ? 'Not run (draft integration)'
              : config.enabled
                ? describeInterval(config.intervalMinutes)
                : 'Disabled'}
          </dd>
        </div>
        <div>
          <dt>Base URL</dt>
          <dd>
            <BreakableUrl url={integration.baseUrl} />
          </dd>
        </div>
        <div>
          <dt>Auth</dt>
          <dd>{integration.authType}</dd>
        </div>
      </dl>
      <p className="card-links">
        <Link to={paths.integration(integration.id)}>Settings</Link>
        <Link to={paths.connections({ integration: integration.id })}>Connections</Link>
      </p>
    </li>
  );
}

export function IntegrationsPage() {
  usePageTitle('Integrations');
  const integrations = useIntegrationOptions();
  return (
    <>
      <PageHeader title="Integrations">
        Each integration is one upstream API. Its health-check settings apply to all its
        connections.
      </PageHeader>
      {integrations.isPending ? (
        <LoadingState label="Loading integrations…" />
      ) : integrations.isError ? (
        <ErrorState
          title="Integrations could not be loaded"
          error={integrations.error}
          onRetry={() => void integrations.refetch()}
        />
      ) : integrations.data.length === 0 ? (
        <EmptyState title="No integrations yet">
          Create one with <code>POST /api/v1/integrations</code> or the SDK's{' '}
          <code>integrations.create()</code>.
        </EmptyState>
      ) : (
        <ul className="integration-grid">
          {integrations.data.map((integration) => (
            <IntegrationCard key={integration.id} integration={integration} />
          ))}
        </ul>
      )}
    </>
  );
}
