'use client';
import { describeReason, type HealthEvent, type HealthSummary } from '@waygate/health-core';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { useHealthEvents, useHealthSummary } from '../hooks/use-health-queries';
import { cn } from '../lib/cn';
import { formatPercent } from '../lib/format';
import { describeTransition, STATUS_LABEL, STATUS_SEVERITY } from '../lib/status';
import { Heading, type HeadingLevel } from './heading';
import { HealthCard } from './health-card';
import { HealthStatusBadge } from './health-status-badge';
import { RelativeTime } from './relative-time';
import { EmptyState, ErrorState, LoadingState } from './state-message';

export interface HealthSummaryCardProps
  extends Omit<ComponentPropsWithoutRef<'section'>, 'children' | 'title'> {
  /** The tenant summary; leave undefined to fetch it (and recent events) through the provider. */
  summary?: HealthSummary;
  /** Recent state changes, newest first. */
  events?: readonly HealthEvent[];
  isLoading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** How many connections needing attention to list before "and N more" (default 5). */
  maxConnections?: number;
  /** How many recent state changes to list (default 5). */
  maxEvents?: number;
  /** Turns connection names into links. */
  renderConnectionName?: (connection: { id: string; name: string }) => ReactNode;
  title?: ReactNode;
  /** Level of the title heading (default 2: a card right under the page's h1); sections one below. */
  headingLevel?: HeadingLevel;
}

/** "All connections are healthy.", unless some were never checked: they are not healthy yet. */
function describeNoAttention(summary: HealthSummary): string {
  const notChecked = summary.neverChecked;
  if (notChecked === 0) return 'All connections are healthy.';
  if (notChecked >= summary.totalConnections) return 'No connection has been checked yet.';
  return `All checked connections are healthy; ${notChecked} not checked yet.`;
}

/**
 * Dashboard widget: totals by status (connections never checked under "Not checked", in no
 * status), how many are in a maintenance window now (when any), 24 h uptime, connections
 * needing attention, recent changes.
 */
export function HealthSummaryCard(props: HealthSummaryCardProps) {
  if (props.summary === undefined && !props.isLoading && !props.error) {
    return <ConnectedHealthSummaryCard {...props} />;
  }
  return <HealthSummaryCardView {...props} />;
}

function ConnectedHealthSummaryCard(props: HealthSummaryCardProps) {
  const summary = useHealthSummary();
  const events = useHealthEvents({ limit: props.maxEvents ?? 5 });
  return (
    <HealthSummaryCardView
      {...props}
      summary={summary.data}
      events={props.events ?? events.data?.data}
      isLoading={summary.isPending}
      error={summary.isError ? summary.error : undefined}
      onRetry={() => void summary.refetch()}
    />
  );
}

function HealthSummaryCardView({
  summary,
  events,
  isLoading,
  error,
  onRetry,
  maxConnections = 5,
  maxEvents = 5,
  renderConnectionName = (connection) => connection.name,
  title = 'Connection health',
  headingLevel = 2,
  className,
  ...props
}: HealthSummaryCardProps) {
  let body: ReactNode;
  if (isLoading) body = <LoadingState label="Loading health summary…" />;
  else if (error || !summary)
    body = (
      <ErrorState title="Health summary could not be loaded" error={error} onRetry={onRetry} />
    );
  else if (summary.totalConnections === 0)
    body = (
      <EmptyState title="No connections yet">
        Connections appear here once they are created.
      </EmptyState>
    );
  else {
    // The API already sorts unhealthy first; sort again so data from elsewhere reads the same.
    // A connection never checked has no status yet: it is counted under "Not checked" only.
    const attention = summary.connections
      .filter((connection) => connection.lastCheckAt && connection.healthStatus !== 'healthy')
      .sort((a, b) => STATUS_SEVERITY[b.healthStatus] - STATUS_SEVERITY[a.healthStatus]);
    const attentionCount = summary.degraded + summary.unhealthy;
    const shown = attention.slice(0, maxConnections);
    const recent = (events ?? []).slice(0, maxEvents);
    body = (
      <>
        <dl className="wg-stats" data-slot="summary-totals">
          <div className="wg-stat">
            <dt>Connections</dt>
            <dd>{summary.totalConnections}</dd>
          </div>
          {(['healthy', 'degraded', 'unhealthy'] as const).map((status) => (
            <div key={status} className="wg-stat" data-state={status}>
              <dt>{STATUS_LABEL[status]}</dt>
              <dd>{summary[status]}</dd>
            </div>
          ))}
          <div className="wg-stat" data-state="unknown">
            <dt>{STATUS_LABEL.unknown}</dt>
            <dd>{summary.neverChecked}</dd>
          </div>
          {/* Overlaps the status counts (a window does not change a status): shown only when some are. */}
          {(summary.inMaintenance ?? 0) > 0 && (
            <div className="wg-stat" data-state="maintenance" data-slot="summary-in-maintenance">
              <dt>In maintenance</dt>
              <dd>{summary.inMaintenance}</dd>
            </div>
          )}
          <div className="wg-stat">
            <dt>Uptime (24 h)</dt>
            <dd>{formatPercent(summary.uptimeLast24h)}</dd>
          </div>
          <div className="wg-stat">
            <dt>Last check</dt>
            <dd>{summary.lastCheckAt ? <RelativeTime value={summary.lastCheckAt} /> : 'Never'}</dd>
          </div>
        </dl>

        <Heading level={headingLevel + 1} className="wg-section-title">
          Needs attention
        </Heading>
        {shown.length === 0 ? (
          <p className="wg-muted" data-slot="all-healthy">
            {describeNoAttention(summary)}
          </p>
        ) : (
          <ul className="wg-list" data-slot="attention-list">
            {shown.map((connection) => (
              <li key={connection.id} className="wg-list-item">
                <HealthStatusBadge
                  status={connection.healthStatus}
                  lastCheckedAt={connection.lastCheckAt}
                  size="sm"
                  tooltip={false}
                />
                <span className="wg-list-main">
                  <span className="wg-strong">{renderConnectionName(connection)}</span>
                  <span className="wg-muted"> · {connection.integrationName}</span>
                  {connection.error && <span className="wg-list-sub">{connection.error}</span>}
                </span>
              </li>
            ))}
            {attentionCount > shown.length && (
              <li className="wg-muted">and {attentionCount - shown.length} more</li>
            )}
          </ul>
        )}

        <Heading level={headingLevel + 1} className="wg-section-title">
          Recent changes
        </Heading>
        {recent.length === 0 ? (
          <p className="wg-muted">No status changes recently.</p>
        ) : (
          <ul className="wg-list" data-slot="recent-changes">
            {recent.map((event) => (
              <li key={event.id} className="wg-list-item">
                <span className="wg-list-main">
                  <span className="wg-strong">{event.connectionName}</span>{' '}
                  {describeTransition(event)}
                  {event.reasons.length > 0 && (
                    <span className="wg-list-sub">
                      {event.reasons.map(describeReason).join('; ')}
                    </span>
                  )}
                </span>
                <RelativeTime className="wg-muted" value={event.createdAt} />
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  return (
    <HealthCard
      data-slot="health-summary-card"
      aria-busy={isLoading || undefined}
      className={cn('wg-summary', className)}
      title={title}
      headingLevel={headingLevel}
      {...props}
    >
      {body}
    </HealthCard>
  );
}
