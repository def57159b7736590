import type { HealthCheckStatus } from '@waygate/health-core';

/**
 * A check status, `unknown` for a connection that was never checked (or could not be read), or
 * `maintenance` while a maintenance window covers it. Display only: `healthStatus` itself stays
 * the spec's three (decisions: "Statuses stay the spec's three").
 */
export type DisplayStatus = HealthCheckStatus | 'unknown' | 'maintenance';

export const STATUS_LABEL: Record<DisplayStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
  unknown: 'Not checked',
  maintenance: 'Maintenance',
};

/** Display order for "needs attention" lists and for the worst status of a bucket of checks. */
export const STATUS_SEVERITY: Record<DisplayStatus, number> = {
  unhealthy: 3,
  degraded: 2,
  unknown: 1,
  // Expected downtime: nothing to act on, so it sorts with the healthy.
  maintenance: 0,
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
  /** A maintenance window covers the connection now (server field; absent = no). */
  inMaintenance?: boolean | undefined;
}

/**
 * What a UI shows for a connection. A connection inside a maintenance window shows
 * `maintenance` (its checks raise no alert, so its status is expected noise; the underlying
 * status stays in `healthStatus` for tooltips). Otherwise the spec defaults `healthStatus` to
 * `healthy` before any check, so a connection never checked is `unknown` ("Not checked"),
 * never "Healthy". The one place these rules live: badges, lists and the dashboard all call it.
 */
export function displayStatus(connection: ConnectionStatusFields): DisplayStatus {
  return connection.inMaintenance === true ? 'maintenance' : underlyingStatus(connection);
}

/** The status without the maintenance overlay: the checked status, or `unknown`. */
export function underlyingStatus(connection: ConnectionStatusFields): DisplayStatus {
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
