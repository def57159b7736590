import type { HealthEvent } from '@waygate/health-core';

// Plain words for toasts and accessible names, where a badge cannot be used (text only).
const WORD = { healthy: 'Healthy', degraded: 'Degraded', unhealthy: 'Unhealthy' } as const;

export function describeTransition(event: Pick<HealthEvent, 'fromStatus' | 'toStatus'>): string {
  return event.fromStatus
    ? `${WORD[event.fromStatus]} → ${WORD[event.toStatus]}`
    : `first check: ${WORD[event.toStatus]}`;
}

export const statusWord = (status: HealthEvent['toStatus']): string => WORD[status];
