import { useQuery } from '@tanstack/react-query';
import type { HealthClient } from '@waygate/health-client';
import type { Action, Integration } from '@waygate/health-core';
import { useSession } from '../auth/session';
import { dashboardKeys } from '../dashboard-keys';

/** Integrations are few (one per upstream API); a cap keeps a runaway tenant from stalling. */
const MAX_INTEGRATIONS = 1000;

async function collect<T>(items: AsyncIterable<T>, max: number): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}

export const listAllIntegrations = (client: HealthClient, signal?: AbortSignal) =>
  collect(client.integrations.iterate({ limit: 100 }, { signal }), MAX_INTEGRATIONS);

export function useIntegrationOptions() {
  const { client } = useSession();
  return useQuery<Integration[]>({
    queryKey: dashboardKeys.integrations(),
    queryFn: ({ signal }) => listAllIntegrations(client, signal),
    staleTime: 60_000,
  });
}

export function useIntegration(integrationId: string | undefined) {
  const { client } = useSession();
  return useQuery<Integration>({
    queryKey: dashboardKeys.integration(integrationId ?? ''),
    queryFn: ({ signal }) => client.integrations.get(integrationId ?? '', { signal }),
    enabled: Boolean(integrationId),
    staleTime: 30_000,
  });
}

/** The actions a health check may call, for the test-action selector. */
export function useIntegrationActions(integrationId: string | undefined) {
  const { client } = useSession();
  return useQuery<Action[]>({
    queryKey: dashboardKeys.actions(integrationId ?? ''),
    queryFn: ({ signal }) =>
      collect(client.actions.iterate(integrationId ?? '', { limit: 100 }, { signal }), 500),
    enabled: Boolean(integrationId),
    staleTime: 60_000,
  });
}
