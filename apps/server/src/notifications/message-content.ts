import type { HealthCheckStatus } from '@waygate/health-core';

/** One connection's event as a message shows it (the snapshot stored with the message). */
export interface NotificationEvent {
  eventId: string;
  connectionId: string;
  connectionName: string;
  integrationName: string;
  fromStatus: HealthCheckStatus | null;
  toStatus: HealthCheckStatus;
  reasons: string[];
  at: string;
  /** `alert`: entered a status the channel listens for; `recovery`: left those statuses. */
  kind: 'alert' | 'recovery';
}

export interface ContentSection {
  kind: 'alert' | 'recovery';
  status: HealthCheckStatus;
  /** "12 connections of Slack became unhealthy". */
  heading: string;
  /** One line per connection, at most MAX_ITEMS. */
  items: string[];
  /** Connections beyond MAX_ITEMS. */
  more: number;
}

/** Everything a vendor format needs; each sender lays it out its own way. */
export interface MessageContent {
  title: string;
  sections: ContentSection[];
  /** Plain text of the whole message (Slack's fallback, email's text part). */
  text: string;
  /** The worst status announced (colours: unhealthy red, degraded amber, else green). */
  severity: 'unhealthy' | 'degraded' | 'recovered' | 'test';
  events: NotificationEvent[];
}

/** Lines listed per section; the rest is counted ("… and 488 more"), so 500 stays readable. */
export const MAX_ITEMS = 10;

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

function itemLine(event: NotificationEvent): string {
  const reasons = event.kind === 'alert' && event.reasons.length > 0;
  return `${event.connectionName} (${event.integrationName})${reasons ? ` — ${event.reasons.join(', ')}` : ''}`;
}

function heading(
  kind: 'alert' | 'recovery',
  status: HealthCheckStatus,
  events: NotificationEvent[],
) {
  const integrations = new Set(events.map((e) => e.integrationName));
  const of = integrations.size === 1 ? ` of ${[...integrations][0]}` : '';
  const subject =
    events.length === 1
      ? `Connection "${events[0]!.connectionName}"${of}`
      : `${events.length} connections${of}`;
  if (kind === 'alert') return `${subject} became ${status}`;
  if (status === 'healthy') return `${subject} ${plural(events.length, 'has', 'have')} recovered`;
  return `${subject} ${plural(events.length, 'is', 'are')} now ${status}`;
}

/**
 * One message from a group of events: the latest event per connection (a connection that broke
 * and recovered within the window is reported once, as it is now), sections by what happened
 * (unhealthy, degraded, recovered), worst first.
 */
export function buildMessageContent(all: readonly NotificationEvent[]): MessageContent {
  const latest = new Map<string, NotificationEvent>();
  for (const event of [...all].sort((a, b) => a.at.localeCompare(b.at))) {
    latest.set(event.connectionId, event);
  }
  const events = [...latest.values()];
  const order = (e: NotificationEvent) =>
    e.kind === 'alert' ? (e.toStatus === 'unhealthy' ? 0 : e.toStatus === 'degraded' ? 1 : 2) : 3;
  const groups = new Map<string, NotificationEvent[]>();
  for (const event of [...events].sort((a, b) => order(a) - order(b))) {
    const key = `${event.kind}:${event.toStatus}`;
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  const sections: ContentSection[] = [...groups.values()].map((group) => {
    const first = group[0]!;
    return {
      kind: first.kind,
      status: first.toStatus,
      heading: heading(first.kind, first.toStatus, group),
      items: group.slice(0, MAX_ITEMS).map(itemLine),
      more: Math.max(0, group.length - MAX_ITEMS),
    };
  });
  const title =
    sections.length === 0
      ? 'No changes'
      : sections.length <= 2
        ? sections.map((s) => s.heading).join('; ')
        : `${events.length} connections changed status`;
  const text = [
    title,
    ...sections.flatMap((s) => [
      '',
      `${s.heading}:`,
      ...s.items.map((item) => `- ${item}`),
      ...(s.more > 0 ? [`- … and ${s.more} more`] : []),
    ]),
  ].join('\n');
  const alerts = events.filter((e) => e.kind === 'alert');
  const severity = alerts.some((e) => e.toStatus === 'unhealthy')
    ? 'unhealthy'
    : alerts.length > 0
      ? 'degraded'
      : 'recovered';
  return { title, sections, text, severity, events };
}

/** The sample `POST /notification-channels/:id/test` sends. */
export function testMessageContent(channelName: string): MessageContent {
  const title = `Test message from Waygate Health for "${channelName}"`;
  return {
    title,
    sections: [],
    text: `${title}\n\nIf you can read this, alerts for this channel will arrive here.`,
    severity: 'test',
    events: [],
  };
}
