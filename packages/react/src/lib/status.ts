import type { HealthCheckStatus } from '@waygate/health-core';

/** A check status, or `unknown` for a connection that was never checked (or could not be read). */
export type DisplayStatus = HealthCheckStatus | 'unknown';

export const STATUS_LABEL: Record<DisplayStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
  unknown: 'Not checked',
};

/** Display order for "needs attention" lists and for the worst status of a bucket of checks. */
export const STATUS_SEVERITY: Record<DisplayStatus, number> = {
  unhealthy: 3,
  degraded: 2,
  unknown: 1,
  healthy: 0,
};

export function worstStatus(statuses: Iterable<HealthCheckStatus>): HealthCheckStatus {
  let worst: HealthCheckStatus = 'healthy';
  for (const status of statuses) {
    if (STATUS_SEVERITY[status] > STATUS_SEVERITY[worst]) worst = status;
  }
  return worst;
}

/** The fields of a connection (list item, detail or summary row) that decide what to show. */
export interface ConnectionStatusFields {
  healthStatus: HealthCheckStatus;
  /** `null` or absent: the connection was never checked. */
  lastHealthCheckAt?: string | null | undefined;
}

/**
 * What a UI shows for a connection. The spec defaults `healthStatus` to `healthy` before any
 * check, so a connection never checked is `unknown` ("Not checked"), never "Healthy". The one
 * place this rule lives: badges, lists and the dashboard all call it.
 */
export function displayStatus(connection: ConnectionStatusFields): DisplayStatus {
  return connection.lastHealthCheckAt ? connection.healthStatus : 'unknown';
}

/** "Healthy → Degraded", or "first check: Healthy": a state change in words (toasts, feeds). */
export function describeTransition(event: {
  fromStatus: HealthCheckStatus | null;
  toStatus: HealthCheckStatus;
}): string {
  return event.fromStatus
    ? `${STATUS_LABEL[event.fromStatus]} → ${STATUS_LABEL[event.toStatus]}`
    : `first check: ${STATUS_LABEL[event.toStatus]}`;
}
