import { healthKeys } from '@waygate/health-react';

/**
 * Query keys of the dashboard's own lists (connections, integrations, actions). They live under
 * the React package's root key so that signing out or a global invalidation covers them too.
 */
export const dashboardKeys = {
  all: [...healthKeys.all, 'dashboard'] as const,
  connections: () => [...dashboardKeys.all, 'connections'] as const,
  connectionPage: (params: object) => [...dashboardKeys.connections(), params] as const,
  integrations: () => [...dashboardKeys.all, 'integrations'] as const,
  integration: (id: string) => [...dashboardKeys.integrations(), id] as const,
  actions: (integrationId: string) => [...dashboardKeys.all, 'actions', integrationId] as const,
  eventLog: () => [...healthKeys.all, 'events', 'log'] as const,
};
