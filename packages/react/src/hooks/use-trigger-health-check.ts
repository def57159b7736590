'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { HealthCheck } from '@waygate/health-core';
import { useHealthClient } from './health-client-provider';
import { healthKeys } from './query-keys';

/**
 * Runs a manual check. Never retried (a retry would be a second outbound call). On success the
 * new check becomes the latest at once, and everything derived from checks is refetched:
 * history, uptime, latency, the connection, connection lists, the tenant summary and the
 * state-change feed.
 */
export function useTriggerHealthCheck(connectionId: string) {
  const client = useHealthClient();
  const queryClient = useQueryClient();
  return useMutation<HealthCheck, unknown, void>({
    mutationKey: [...healthKeys.connection(connectionId), 'trigger'],
    mutationFn: () => client.healthChecks.trigger(connectionId),
    retry: false,
    onSuccess: async (check) => {
      queryClient.setQueryData(healthKeys.latest(connectionId), check);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: healthKeys.connection(connectionId) }),
        queryClient.invalidateQueries({ queryKey: healthKeys.connections() }),
        queryClient.invalidateQueries({ queryKey: healthKeys.summary() }),
        queryClient.invalidateQueries({ queryKey: [...healthKeys.all, 'events'] }),
      ]);
    },
  });
}
