import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateNotificationChannelInput, NotificationChannel } from '@waygate/health-core';
import { type FormEvent, useId, useState } from 'react';
import { CHANNEL_TYPE_LABELS } from './channel-card';
import { alertKeys, fieldError, useAlertsApi } from './use-alerts-api';

type ChannelType = NotificationChannel['type'];
const STATUSES = ['unhealthy', 'degraded'] as const;

function configFor(type: ChannelType, value: string): CreateNotificationChannelInput['config'] {
  if (type === 'email') {
    return {
      to: value
        .split(/[,\s]+/)
        .map((a) => a.trim())
        .filter(Boolean),
    };
  }
  if (type === 'pagerduty') return { routingKey: value.trim() };
  return { webhookUrl: value.trim() };
}

const VALUE_LABEL: Record<ChannelType, string> = {
  slack: 'Incoming webhook URL',
  msteams: 'Workflows webhook URL',
  discord: 'Webhook URL',
  email: 'Recipients (comma-separated)',
  pagerduty: 'Integration (routing) key',
};

/** Adds a channel; the server's field errors are shown next to the field they name. */
export function ChannelForm() {
  const id = useId();
  const api = useAlertsApi();
  const queryClient = useQueryClient();
  const [type, setType] = useState<ChannelType>('slack');
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [statuses, setStatuses] = useState<string[]>(['unhealthy']);
  const create = useMutation({
    mutationFn: (body: CreateNotificationChannelInput) => api.channels.create(body),
    onSuccess: () => {
      setName('');
      setValue('');
      return queryClient.invalidateQueries({ queryKey: alertKeys.channels() });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      type,
      name,
      config: configFor(type, value),
      filter: { statuses: statuses as ('unhealthy' | 'degraded')[] },
    } as CreateNotificationChannelInput);
  };
  const error = create.isError ? fieldError(create.error) : null;
  const errorOn = (prefix: string) => (error?.field?.startsWith(prefix) ? error.message : null);
  const valueError = errorOn('config');
  const nameError = errorOn('name');
  const otherError = error && !valueError && !nameError ? error.message : null;
  return (
    <form
      className="wg-card settings-form"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`} className="wg-card-title">
        Add a channel
      </h2>
      <label htmlFor={`${id}-type`} className="field-label">
        Type
      </label>
      <select
        id={`${id}-type`}
        className="wg-input field-input"
        value={type}
        onChange={(event) => {
          setType(event.target.value as ChannelType);
          create.reset();
        }}
      >
        {Object.entries(CHANNEL_TYPE_LABELS).map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-name`} className="field-label">
        Name
      </label>
      <input
        id={`${id}-name`}
        className="wg-input field-input"
        value={name}
        aria-invalid={nameError ? true : undefined}
        onChange={(event) => setName(event.target.value)}
      />
      {nameError && (
        <p role="alert" className="form-error">
          {nameError}
        </p>
      )}
      <label htmlFor={`${id}-value`} className="field-label">
        {VALUE_LABEL[type]}
      </label>
      <input
        id={`${id}-value`}
        className="wg-input field-input"
        type={type === 'email' ? 'text' : 'password'}
        autoComplete="off"
        value={value}
        aria-invalid={valueError ? true : undefined}
        aria-describedby={`${id}-value-hint`}
        onChange={(event) => setValue(event.target.value)}
      />
      <p id={`${id}-value-hint`} className="wg-muted small">
        {type === 'email'
          ? 'Sent through the server’s mail relay.'
          : 'Stored encrypted and never shown again; the list shows only its last characters.'}
      </p>
      {valueError && (
        <p role="alert" className="form-error">
          {valueError}
        </p>
      )}
      <fieldset className="field-group">
        <legend className="field-label">Alert when a connection becomes</legend>
        {STATUSES.map((status) => (
          <label key={status} className="checkbox">
            <input
              type="checkbox"
              checked={statuses.includes(status)}
              onChange={(event) =>
                setStatuses((current) =>
                  event.target.checked ? [...current, status] : current.filter((s) => s !== status),
                )
              }
            />
            {status}
          </label>
        ))}
      </fieldset>
      {otherError && (
        <p role="alert" className="form-error">
          {otherError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="wg-button" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add channel'}
        </button>
      </div>
    </form>
  );
}
