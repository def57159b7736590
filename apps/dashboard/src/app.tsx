import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { HealthClientProvider, LoadingState } from '@waygate/health-react';
import { lazy, Suspense, useState } from 'react';
import { SessionProvider, useSessionState } from './auth/session';
import { SignInPage } from './auth/sign-in-page';
import { UnauthorizedWatcher } from './auth/unauthorized-watcher';
import { ConnectionListPage } from './connections/connection-list-page';
import { AppShell } from './layout/app-shell';
import { NotFoundPage } from './layout/not-found-page';
import { EventFeedProvider } from './notifications/event-feed';
import { ToastRegion } from './notifications/toast-region';
import { OverviewPage } from './overview/overview-page';
import { RouterProvider, useLocation } from './router/router';
import { matchRoute, type Route } from './router/routes';

// Pages with charts or forms load on demand: the overview and the connection list (the first
// screens) never wait for Recharts.
const ConnectionPage = lazy(() =>
  import('./connections/connection-page').then((m) => ({ default: m.ConnectionPage })),
);
const HistoryPage = lazy(() =>
  import('./history/history-page').then((m) => ({ default: m.HistoryPage })),
);
const IntegrationsPage = lazy(() =>
  import('./integrations/integrations-page').then((m) => ({ default: m.IntegrationsPage })),
);
const IntegrationPage = lazy(() =>
  import('./integrations/integration-page').then((m) => ({ default: m.IntegrationPage })),
);
const AlertsPage = lazy(() =>
  import('./alerts/alerts-page').then((m) => ({ default: m.AlertsPage })),
);
const NotificationsPage = lazy(() =>
  import('./notifications/notifications-page').then((m) => ({ default: m.NotificationsPage })),
);

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'overview':
      return <OverviewPage />;
    case 'connections':
      return <ConnectionListPage />;
    case 'connection':
      return <ConnectionPage key={route.connectionId} connectionId={route.connectionId} />;
    case 'history':
      return <HistoryPage key={route.connectionId} connectionId={route.connectionId} />;
    case 'integrations':
      return <IntegrationsPage />;
    case 'integration':
      return <IntegrationPage key={route.integrationId} integrationId={route.integrationId} />;
    case 'notifications':
      return <NotificationsPage />;
    case 'alerts':
      return <AlertsPage />;
    default:
      return <NotFoundPage />;
  }
}

function SignedInApp() {
  const { session } = useSessionState();
  const { pathname } = useLocation();
  if (!session) return <SignInPage />;
  return (
    <HealthClientProvider client={session.client}>
      <UnauthorizedWatcher />
      <EventFeedProvider>
        <AppShell>
          <Suspense fallback={<LoadingState label="Loading page…" />}>
            <Page route={matchRoute(pathname)} />
          </Suspense>
        </AppShell>
        <ToastRegion />
      </EventFeedProvider>
    </HealthClientProvider>
  );
}

export function createDashboardQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // The SDK already retries GETs (network errors, 5xx, 429) with backoff.
      queries: { retry: false, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}

export function App({ queryClient: given }: { queryClient?: QueryClient }) {
  const [queryClient] = useState(() => given ?? createDashboardQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider>
        <SessionProvider>
          <SignedInApp />
        </SessionProvider>
      </RouterProvider>
    </QueryClientProvider>
  );
}
