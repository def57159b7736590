import type { NotificationEvent } from '../message-content';

/**
 * PagerDuty Events API v2 events, one per connection: an incident must resolve per connection, so
 * each carries `dedup_key` `waygate-<connectionId>` — a repeated trigger (a retry) joins the open
 * alert, and the recovery's `resolve` closes exactly it. PagerDuty's own alert grouping folds a
 * burst into one incident on its side.
 */
export function pagerDutyEvents(routingKey: string, events: readonly NotificationEvent[]) {
  return events.map((event) =>
    event.kind === 'alert'
      ? {
          routing_key: routingKey,
          event_action: 'trigger' as const,
          dedup_key: dedupKey(event.connectionId),
          payload: {
            summary:
              `${event.connectionName} (${event.integrationName}) is ${event.toStatus}`.slice(
                0,
                1024,
              ),
            source: 'waygate-health',
            severity: event.toStatus === 'unhealthy' ? 'critical' : 'warning',
            component: event.connectionName,
            group: event.integrationName,
            class: 'connection_health',
            timestamp: event.at,
            custom_details: {
              connectionId: event.connectionId,
              fromStatus: event.fromStatus,
              toStatus: event.toStatus,
              reasons: event.reasons,
            },
          },
        }
      : {
          routing_key: routingKey,
          event_action: 'resolve' as const,
          dedup_key: dedupKey(event.connectionId),
        },
  );
}

export function dedupKey(connectionId: string): string {
  return `waygate-${connectionId}`;
}

/** The test sample: a trigger and its resolve (same `dedup_key`), sent in that order. */
export function pagerDutyTestEvents(routingKey: string, channelName: string) {
  const dedup_key = 'waygate-test';
  return [
    {
      routing_key: routingKey,
      event_action: 'trigger' as const,
      dedup_key,
      payload: {
        summary: `Test event from Waygate Health for "${channelName}"`,
        source: 'waygate-health',
        severity: 'info',
      },
    },
    { routing_key: routingKey, event_action: 'resolve' as const, dedup_key },
  ] as const;
}
