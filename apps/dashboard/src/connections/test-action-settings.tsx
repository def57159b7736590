import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ValidationError } from '@waygate/health-client';
import type { ConnectionDetail } from '@waygate/health-core';
import { errorMessage, healthKeys } from '@waygate/health-react';
import { type FormEvent, useId, useState } from 'react';
import { useSession } from '../auth/session';
import { dashboardKeys } from '../dashboard-keys';
import { useIntegration, useIntegrationActions } from '../integrations/use-integrations';
import { Link } from '../router/router';
import { paths } from '../router/routes';

type Scope = 'connection' | 'integration';

function saveError(error: unknown): string {
  if (error instanceof ValidationError) {
    return error.field ? `${error.message} (${error.field})` : error.message;
  }
  return `Could not save: ${errorMessage(error)}`;
}

/**
 * Which action health checks call for this connection, and a selector to change it: on this
 * connection (`healthCheckTestActionId`) or for the whole integration
 * (`healthCheckConfig.testActionId`). "Automatic" clears the choice and lets the spec's
 * selection order decide.
 */
export function TestActionSettings({ connection }: { connection: ConnectionDetail }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const id = useId();
  const actions = useIntegrationActions(connection.integrationId);
  const integration = useIntegration(connection.integrationId);
  const integrationChoice = integration.data?.healthCheckConfig.testActionId ?? '';
  const connectionChoice = connection.healthCheckTestActionId ?? '';

  const [scope, setScope] = useState<Scope>('connection');
  const [draft, setDraft] = useState<string | null>(null);
  const current = scope === 'connection' ? connectionChoice : integrationChoice;
  const value = draft ?? current;

  const mutation = useMutation({
    mutationFn: async ({ target, actionId }: { target: Scope; actionId: string | null }) => {
      if (target === 'connection') {
        await client.connections.update(connection.id, { healthCheckTestActionId: actionId });
      } else {
        await client.integrations.update(connection.integrationId, {
          healthCheckConfig: { testActionId: actionId },
        });
      }
    },
    onSuccess: async () => {
      setDraft(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: healthKeys.connection(connection.id) }),
        queryClient.invalidateQueries({ queryKey: dashboardKeys.integrations() }),
      ]);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate({ target: scope, actionId: value || null });
  };

  const effective = connection.healthSummary.testAction;
  const selected = actions.data?.find((action) => action.id === value);
  return (
    <section className="wg-card settings-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="wg-card-title">
        Test action
      </h2>
      <p className="wg-muted" data-slot="test-action-in-use">
        In use:{' '}
        {effective ? (
          <>
            <code>
              {effective.method} {effective.path}
            </code>{' '}
            ({effective.name})
          </>
        ) : (
          'none: only the credentials are checked'
        )}
        . Connection setting: {connectionChoice ? 'chosen' : 'automatic'}; integration setting:{' '}
        {integration.isPending ? '…' : integrationChoice ? 'chosen' : 'automatic'}.
      </p>
      <form className="settings-form" onSubmit={submit}>
        <fieldset className="radio-group">
          <legend>Apply the choice to</legend>
          <label>
            <input
              type="radio"
              name={`${id}-scope`}
              value="connection"
              checked={scope === 'connection'}
              onChange={() => {
                setScope('connection');
                setDraft(null);
                mutation.reset();
              }}
            />
            This connection only
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-scope`}
              value="integration"
              checked={scope === 'integration'}
              onChange={() => {
                setScope('integration');
                setDraft(null);
                mutation.reset();
              }}
            />
            Every connection of {connection.integrationName}
          </label>
        </fieldset>
        <label htmlFor={`${id}-action`} className="field-label">
          Test action
        </label>
        <select
          id={`${id}-action`}
          className="wg-input field-input"
          value={value}
          disabled={actions.isPending}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setDraft(event.target.value);
            mutation.reset();
          }}
        >
          <option value="">
            {scope === 'connection'
              ? 'Automatic (integration setting, then the rules)'
              : 'Automatic (tagged "health-check", else the first safe GET)'}
          </option>
          {actions.data?.map((action) => (
            <option key={action.id} value={action.id}>
              {action.method} {action.path} · {action.name}
            </option>
          ))}
        </select>
        <p id={`${id}-hint`} className="wg-muted small">
          {actions.isError
            ? `Actions could not be loaded: ${errorMessage(actions.error)}`
            : selected && selected.method !== 'GET'
              ? `Careful: ${selected.method} changes data, and a health check calls it on every check.`
              : 'A health check makes exactly one call to this action per check.'}{' '}
          <Link to={paths.integration(connection.integrationId)}>Integration settings</Link>
        </p>
        <div className="form-actions">
          <button
            type="submit"
            className="wg-button wg-button-primary"
            disabled={mutation.isPending || value === current}
          >
            {mutation.isPending ? 'Saving…' : 'Save test action'}
          </button>
          <span role="status" className="form-status">
            {mutation.isSuccess ? 'Saved. The next check uses the new setting.' : ''}
          </span>
        </div>
        {mutation.isError && (
          <p role="alert" className="form-error">
            {saveError(mutation.error)}
          </p>
        )}
      </form>
    </section>
  );
}
