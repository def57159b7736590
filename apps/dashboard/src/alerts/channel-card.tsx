import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { NotificationChannel, NotificationTestResult } from '@waygate/health-core';
import { alertKeys, fieldError, useAlertsApi } from './use-alerts-api';

export const CHANNEL_TYPE_LABELS: Record<NotificationChannel['type'], string> = {
  slack: 'Slack',
  msteams: 'Microsoft Teams',
  discord: 'Discord',
  email: 'Email',
  pagerduty: 'PagerDuty',
};

function destination(channel: NotificationChannel): string {
  if (channel.type === 'email') return (channel.config.to ?? []).join(', ');
  return channel.config.webhookUrlHint ?? channel.config.routingKeyHint ?? '';
}

/** Delivery state in words (never colour alone): delivering, failing with the error, or unused. */
function DeliveryState({ channel }: { channel: NotificationChannel }) {
  const last = channel.lastDelivery;
  const state = !channel.enabled
    ? 'disabled'
    : !last
      ? 'unused'
      : last.status === 'delivered'
        ? 'delivering'
        : 'failing';
  const text = {
    disabled: 'Disabled',
    unused: 'Nothing sent yet',
    delivering: `Delivered ${new Date(last?.at ?? 0).toLocaleString()}`,
    failing: `Failing since ${new Date(last?.at ?? 0).toLocaleString()}: ${last?.error ?? ''}`,
  }[state];
  return (
    <p className="channel-state" data-state={state}>
      <span aria-hidden="true">
        {state === 'failing' ? '⚠ ' : state === 'delivering' ? '✓ ' : ''}
      </span>
      {text}
    </p>
  );
}

export function ChannelCard({ channel }: { channel: NotificationChannel }) {
  const api = useAlertsApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: alertKeys.channels() });
  const test = useMutation<NotificationTestResult, Error>({
    mutationFn: () => api.channels.test(channel.id),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api.channels.delete(channel.id),
    onSuccess: refresh,
  });
  const toggle = useMutation({
    mutationFn: () => api.channels.update(channel.id, { enabled: !channel.enabled }),
    onSuccess: refresh,
  });
  return (
    <li
      className="wg-card channel-card"
      data-slot="channel"
      data-state={channel.lastDelivery?.status ?? 'none'}
    >
      <h3 className="channel-name">{channel.name}</h3>
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd>{CHANNEL_TYPE_LABELS[channel.type]}</dd>
        </div>
        <div>
          <dt>Sends to</dt>
          <dd className="break">{destination(channel)}</dd>
        </div>
        <div>
          <dt>When a connection becomes</dt>
          <dd>{channel.filter.statuses.join(' or ')}</dd>
        </div>
      </dl>
      <DeliveryState channel={channel} />
      <div className="form-actions">
        <button
          type="button"
          className="wg-button"
          onClick={() => test.mutate()}
          disabled={test.isPending || !channel.enabled}
        >
          {test.isPending ? 'Sending…' : 'Send test'}
        </button>
        <button type="button" className="wg-button wg-button-ghost" onClick={() => toggle.mutate()}>
          {channel.enabled ? 'Disable' : 'Enable'}
        </button>
        <button
          type="button"
          className="wg-button wg-button-ghost"
          onClick={() => remove.mutate()}
          aria-label={`Delete ${channel.name}`}
        >
          Delete
        </button>
      </div>
      <p className="form-status" role="status">
        {test.data
          ? test.data.delivered
            ? 'Test message delivered.'
            : `Test failed: ${test.data.error ?? 'unknown error'}`
          : test.isError
            ? `Test failed: ${fieldError(test.error).message}`
            : ''}
      </p>
    </li>
  );
}
