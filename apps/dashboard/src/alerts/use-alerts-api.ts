import {
  createMaintenanceWindowsResource,
  createNotificationChannelsResource,
  createTransport,
} from '@waygate/health-client';
import { useMemo } from 'react';
import { apiBaseUrl } from '../auth/api-base-url';
import { readStoredApiKey } from '../auth/api-key-storage';
import { useSession } from '../auth/session';
import { dashboardKeys } from '../dashboard-keys';

/**
 * The SDK's opt-in alert resources for the signed-in key. They are not part of
 * `createHealthClient` (bundle budget), so this page builds them on the same base URL and key;
 * the page is lazy-loaded, so their schemas stay out of the first screens.
 */
export function useAlertsApi() {
  const { client } = useSession();
  // Keyed on the session's client: it changes exactly when the key does.
  return useMemo(() => {
    const transport = createTransport({
      baseUrl: apiBaseUrl(),
      apiKey: readStoredApiKey() ?? '',
      timeoutMs: 15_000,
    });
    return {
      channels: createNotificationChannelsResource(transport),
      windows: createMaintenanceWindowsResource(transport),
    };
  }, [client]);
}

export const alertKeys = {
  channels: () => [...dashboardKeys.all, 'notification-channels'] as const,
  windows: () => [...dashboardKeys.all, 'maintenance-windows'] as const,
};

/** `{ field, message }` of an API error, for showing it next to the field at fault. */
export function fieldError(error: unknown): { field: string | undefined; message: string } {
  const e = error as { message?: string; field?: string; details?: { field?: string } };
  return {
    field: e?.field ?? e?.details?.field,
    message: typeof e?.message === 'string' && e.message ? e.message : 'Something went wrong.',
  };
}
