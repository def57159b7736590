import type { HealthCheckStatus, UptimeWindow } from '@waygate/health-core';
import type { BadgeContent } from './render-badge';

/** What a status badge shows; nothing else about the connection leaves the server. */
export interface StatusBadgeInput {
  /** The connection's (or integration's) name: the badge's label. */
  name: string;
  /** Current status; null when never checked. */
  status: HealthCheckStatus | null;
  /** A maintenance window is active now (the alerts issue); shown instead of the status. */
  inMaintenance?: boolean;
}

const STATUS_TEXT: Record<HealthCheckStatus, string> = {
  healthy: 'healthy',
  degraded: 'degraded',
  unhealthy: 'unhealthy',
};

/** Status badge: "healthy" / "degraded" / "unhealthy", "maintenance", or "not checked". */
export function statusBadgeContent(input: StatusBadgeInput): BadgeContent {
  if (input.inMaintenance) return { label: input.name, value: 'maintenance', color: 'maintenance' };
  if (input.status === null) return { label: input.name, value: 'not checked', color: 'neutral' };
  return { label: input.name, value: STATUS_TEXT[input.status], color: input.status };
}

/** Uptime at or above this is shown green, at or above `DEGRADED` amber, below it red. */
export const UPTIME_THRESHOLDS = { HEALTHY: 99, DEGRADED: 95 } as const;

/** Uptime badge: "<name> 24h" and "99.95%" (core's rounding), or "no data" without checks. */
export function uptimeBadgeContent(input: {
  name: string;
  window: UptimeWindow;
  uptimePercent: number | null;
}): BadgeContent {
  const label = `${input.name} ${input.window}`;
  const percent = input.uptimePercent;
  if (percent === null) return { label, value: 'no data', color: 'neutral' };
  const color =
    percent >= UPTIME_THRESHOLDS.HEALTHY
      ? 'healthy'
      : percent >= UPTIME_THRESHOLDS.DEGRADED
        ? 'degraded'
        : 'unhealthy';
  return { label, value: `${percent}%`, color };
}

/** The badge every unusable token gets (malformed, unknown, revoked, target deleted). */
export const UNKNOWN_BADGE: BadgeContent = { label: 'badge', value: 'not found', color: 'neutral' };
