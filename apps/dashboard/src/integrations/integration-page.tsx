import { useMutation, useQueryClient } from '@tanstack/react-query';
import { NotFoundError, ValidationError } from '@waygate/health-client';
import {
  type Integration,
  MAX_INTERVAL_MINUTES,
  MIN_INTERVAL_MINUTES,
  type UpdateIntegrationInput,
} from '@waygate/health-core';
import {
  EmptyState,
  ErrorState,
  errorMessage,
  healthKeys,
  LoadingState,
} from '@waygate/health-react';
import { type FormEvent, useId, useState } from 'react';
import { useSession } from '../auth/session';
import { dashboardKeys } from '../dashboard-keys';
import { usePageTitle } from '../layout/use-page-title';
import { Link } from '../router/router';
import { paths } from '../router/routes';
import { BreakableUrl } from '../ui/breakable-url';
import { PageHeader } from '../ui/page-header';
import { describeInterval } from './describe-interval';
import { IntegrationConnections } from './integration-connections';
import { useIntegration, useIntegrationActions } from './use-integrations';

function fieldError(error: unknown): { field: string | undefined; message: string } {
  if (error instanceof ValidationError) {
    const issue = error.issues[0];
    return {
      field: error.field,
      message: issue ? `${issue.field}: ${issue.message}` : error.message,
    };
  }
  return { field: undefined, message: `Could not save: ${errorMessage(error)}` };
}

function SettingsForm({ integration }: { integration: Integration }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const actions = useIntegrationActions(integration.id);
  const id = useId();
  const config = integration.healthCheckConfig;
  const [enabled, setEnabled] = useState(config.enabled);
  const [intervalText, setIntervalText] = useState(String(config.intervalMinutes));
  const [testActionId, setTestActionId] = useState(config.testActionId ?? '');
  const [localError, setLocalError] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: (body: UpdateIntegrationInput) => client.integrations.update(integration.id, body),
    onSuccess: async (updated) => {
      queryClient.setQueryData(dashboardKeys.integration(integration.id), updated);
      // The test action in use and every connection's schedule may have changed.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: dashboardKeys.integrations() }),
        queryClient.invalidateQueries({ queryKey: [...healthKeys.all, 'connection'] }),
      ]);
    },
  });

  const minutes = Number(intervalText);
  const intervalValid =
    Number.isInteger(minutes) && minutes >= MIN_INTERVAL_MINUTES && minutes <= MAX_INTERVAL_MINUTES;
  const dirty =
    enabled !== config.enabled ||
    minutes !== config.intervalMinutes ||
    testActionId !== (config.testActionId ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!intervalValid) {
      setLocalError(
        `The interval must be a whole number of minutes from ${MIN_INTERVAL_MINUTES} to ${MAX_INTERVAL_MINUTES}.`,
      );
      document.getElementById(`${id}-interval`)?.focus();
      return;
    }
    setLocalError(null);
    mutation.mutate({
      healthCheckConfig: { enabled, intervalMinutes: minutes, testActionId: testActionId || null },
    });
  };

  const serverError = mutation.isError ? fieldError(mutation.error) : null;
  const intervalError =
    localError ?? (serverError?.field?.includes('intervalMinutes') ? serverError.message : null);
  return (
    <form className="wg-card settings-card settings-form" onSubmit={submit} noValidate>
      <h2 className="wg-card-title">Health-check settings</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(event) => {
            setEnabled(event.target.checked);
            mutation.reset();
          }}
        />
        Run scheduled health checks for every connection of {integration.name}
      </label>
      <label htmlFor={`${id}-interval`} className="field-label">
        Interval (minutes)
      </label>
      <input
        id={`${id}-interval`}
        type="number"
        inputMode="numeric"
        min={MIN_INTERVAL_MINUTES}
        max={MAX_INTERVAL_MINUTES}
        step={1}
        className="wg-input field-input narrow"
        value={intervalText}
        aria-invalid={intervalError ? true : undefined}
        aria-describedby={`${id}-interval-hint${intervalError ? ` ${id}-interval-error` : ''}`}
        onChange={(event) => {
          setIntervalText(event.target.value);
          setLocalError(null);
          mutation.reset();
        }}
      />
      <p id={`${id}-interval-hint`} className="wg-muted small">
        {intervalValid ? describeInterval(minutes) : 'From 1 minute to 1 week'}; the spec's default
        is 15 minutes.
      </p>
      {intervalError && (
        <p id={`${id}-interval-error`} role="alert" className="form-error">
          {intervalError}
        </p>
      )}
      <label htmlFor={`${id}-action`} className="field-label">
        Test action for all its connections
      </label>
      <select
        id={`${id}-action`}
        className="wg-input field-input"
        value={testActionId}
        disabled={actions.isPending}
        onChange={(event) => {
          setTestActionId(event.target.value);
          mutation.reset();
        }}
      >
        <option value="">Automatic (tagged "health-check", else the first safe GET)</option>
        {actions.data?.map((action) => (
          <option key={action.id} value={action.id}>
            {action.method} {action.path} · {action.name}
          </option>
        ))}
      </select>
      <div className="form-actions">
        <button
          type="submit"
          className="wg-button wg-button-primary"
          disabled={mutation.isPending || !dirty}
        >
          {mutation.isPending ? 'Saving…' : 'Save settings'}
        </button>
        <span role="status" className="form-status">
          {mutation.isSuccess && !dirty ? 'Saved.' : ''}
        </span>
      </div>
      {serverError && !intervalError && (
        <p role="alert" className="form-error">
          {serverError.message}
        </p>
      )}
    </form>
  );
}

export function IntegrationPage({ integrationId }: { integrationId: string }) {
  const integration = useIntegration(integrationId);
  usePageTitle(integration.data ? `${integration.data.name} settings` : 'Integration');
  if (integration.isPending) {
    return (
      <>
        <PageHeader title="Integration" />
        <LoadingState label="Loading integration…" />
      </>
    );
  }
  if (integration.isError) {
    return integration.error instanceof NotFoundError ? (
      <>
        <PageHeader title="Integration not found" />
        <EmptyState title="No integration has this id in your tenant.">
          <Link to={paths.integrations()}>Back to all integrations</Link>
        </EmptyState>
      </>
    ) : (
      <>
        <PageHeader title="Integration" />
        <ErrorState
          title="The integration could not be loaded"
          error={integration.error}
          onRetry={() => void integration.refetch()}
        />
      </>
    );
  }
  const data = integration.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={paths.integrations()}>Integrations</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">{data.name}</span>
      </nav>
      <PageHeader
        title={data.name}
        actions={
          <Link className="wg-button" to={paths.connections({ integration: data.id })}>
            Its connections
          </Link>
        }
      >
        <BreakableUrl url={data.baseUrl} /> · auth: {data.authType} · {data.status}
      </PageHeader>
      {data.status === 'draft' && (
        <p className="notice">
          This integration is a draft: health checks run only for active integrations.
        </p>
      )}
      <SettingsForm key={data.id} integration={data} />
      <IntegrationConnections integrationId={data.id} />
    </>
  );
}
