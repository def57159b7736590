import { useQuery } from '@tanstack/react-query';
import { ErrorState, LoadingState } from '@waygate/health-react';
import { usePageTitle } from '../layout/use-page-title';
import { PageHeader } from '../ui/page-header';
import { ChannelCard } from './channel-card';
import { ChannelForm } from './channel-form';
import { MaintenanceSection } from './maintenance-section';
import { alertKeys, useAlertsApi } from './use-alerts-api';

/** Notification channels (with their delivery state) and maintenance windows. */
export function AlertsPage() {
  usePageTitle('Alerts');
  const api = useAlertsApi();
  const channels = useQuery({
    queryKey: alertKeys.channels(),
    queryFn: ({ signal }) => api.channels.list({ limit: 100 }, { signal }),
    refetchInterval: 30_000,
  });
  return (
    <>
      <PageHeader title="Alerts">
        Where your team hears about broken connections. Changes within a minute are grouped into one
        message per channel.
      </PageHeader>
      <section aria-labelledby="channels-title" className="alerts-section">
        <h2 id="channels-title">Notification channels</h2>
        {channels.isPending ? (
          <LoadingState label="Loading channels…" />
        ) : channels.isError ? (
          <ErrorState title="Channels could not be loaded" error={channels.error} />
        ) : channels.data.data.length === 0 ? (
          <p>No channels yet: add one below.</p>
        ) : (
          <ul className="integration-grid">
            {channels.data.data.map((channel) => (
              <ChannelCard key={channel.id} channel={channel} />
            ))}
          </ul>
        )}
        <ChannelForm />
      </section>
      <MaintenanceSection />
    </>
  );
}
