'use client';
import { type ConnectionDetail, describeReason, type HealthCheck } from '@waygate/health-core';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { useOptionalHealthClient } from '../hooks/health-client-provider';
import { useConnection, useHealthChecks } from '../hooks/use-health-queries';
import { cn } from '../lib/cn';
import {
  BREAKER_LABEL,
  CREDENTIAL_LABEL,
  formatPercent,
  TEST_ACTION_RULE_LABEL,
} from '../lib/format';
import { formatDateTime } from '../lib/time';
import { CheckNowButton } from './check-now-button';
import { FlappingLabel } from './flapping-label';
import { Heading, type HeadingLevel } from './heading';
import { HealthCheckTimeline } from './health-check-timeline';
import { HealthStatusBadge } from './health-status-badge';
import { RelativeTime } from './relative-time';
import { ErrorState, LoadingState } from './state-message';

export interface ConnectionHealthPanelProps
  extends Omit<ComponentPropsWithoutRef<'section'>, 'children' | 'title'> {
  /** The connection as `GET /connections/:id` returns it; omit to fetch it by `connectionId`. */
  connection?: ConnectionDetail;
  connectionId?: string;
  /** History for the timeline when `connection` is given as data; otherwise it is fetched. */
  checks?: readonly HealthCheck[];
  isLoading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** Manual check action for data mode; with a provider the button triggers through the client. */
  onCheck?: () => Promise<unknown>;
  /**
   * Slot for charts, e.g. `<LatencyChart connectionId={id} />` from
   * `@waygate/health-react/charts`: kept out of this entry so it never pulls Recharts.
   */
  charts?: ReactNode;
  title?: ReactNode;
  /** Level of the title heading (default 2); sections are one below. */
  headingLevel?: HeadingLevel;
}

/** The connection detail page's "Health" section, composed of the other components. */
export function ConnectionHealthPanel(props: ConnectionHealthPanelProps) {
  if (props.connection === undefined && props.connectionId && !props.isLoading && !props.error) {
    return <ConnectedPanel {...props} connectionId={props.connectionId} />;
  }
  return <PanelView {...props} />;
}

function ConnectedPanel({
  connectionId,
  ...props
}: ConnectionHealthPanelProps & { connectionId: string }) {
  const query = useConnection(connectionId);
  return (
    <PanelView
      {...props}
      connectionId={connectionId}
      connection={query.data}
      isLoading={query.isPending}
      error={query.isError ? query.error : undefined}
      onRetry={() => void query.refetch()}
    />
  );
}

function PanelView({
  connection,
  connectionId,
  checks,
  isLoading,
  error,
  onRetry,
  onCheck,
  charts,
  title = 'Health',
  headingLevel = 2,
  className,
  ...props
}: ConnectionHealthPanelProps) {
  // Data-only use (no provider) still renders: the parts that need the client are left out.
  const hasClient = useOptionalHealthClient() !== null;
  let body: ReactNode;
  if (isLoading) body = <LoadingState label="Loading connection health…" />;
  else if (error || !connection)
    body = (
      <ErrorState title="Connection health could not be loaded" error={error} onRetry={onRetry} />
    );
  else {
    const summary = connection.healthSummary;
    const action = summary.testAction;
    body = (
      <>
        <div className="wg-panel-status">
          <HealthStatusBadge
            size="lg"
            connection={{
              healthStatus: summary.status,
              healthReasons: summary.reasons,
              lastHealthCheckAt: connection.lastHealthCheckAt,
              inMaintenance: connection.inMaintenance,
            }}
          />
          {checks ? (
            <FlappingLabel checks={checks} />
          ) : (
            hasClient && <FetchedFlappingLabel connectionId={connection.id} />
          )}
          <span className="wg-muted">
            {connection.lastHealthCheckAt ? (
              <>
                Last checked <RelativeTime value={connection.lastHealthCheckAt} />
              </>
            ) : (
              'Not checked yet'
            )}
          </span>
          {(onCheck || hasClient) && (
            <CheckNowButton
              connectionId={onCheck ? undefined : (connectionId ?? connection.id)}
              onCheck={onCheck}
            />
          )}
        </div>
        {summary.reasons.length > 0 && (
          <ul className="wg-reasons" data-slot="health-reasons">
            {summary.reasons.map((reason) => (
              <li key={reason}>{describeReason(reason)}</li>
            ))}
          </ul>
        )}
        <dl className="wg-stats" data-slot="health-breakdown">
          <div className="wg-stat">
            <dt>Uptime (24 h)</dt>
            <dd>{formatPercent(summary.uptimeLast24h)}</dd>
          </div>
          <div className="wg-stat">
            <dt>Uptime (7 d)</dt>
            <dd>{formatPercent(summary.uptimeLast7d)}</dd>
          </div>
          <div className="wg-stat">
            <dt>Credentials</dt>
            <dd>
              {CREDENTIAL_LABEL[connection.credentialStatus]}
              {connection.credentialExpiresAt && (
                <span className="wg-list-sub">
                  expires {formatDateTime(connection.credentialExpiresAt)}
                </span>
              )}
            </dd>
          </div>
          <div className="wg-stat">
            <dt>Circuit breaker</dt>
            <dd>
              {BREAKER_LABEL[connection.circuitBreakerStatus]}
              {connection.consecutiveFailures > 0 && (
                <span className="wg-list-sub">
                  {connection.consecutiveFailures} consecutive failure
                  {connection.consecutiveFailures === 1 ? '' : 's'}
                </span>
              )}
            </dd>
          </div>
        </dl>
        <div className="wg-test-action" data-slot="test-action">
          <Heading level={headingLevel + 1} className="wg-section-title">
            Test action
          </Heading>
          {action ? (
            <p>
              <code>
                {action.method} {action.path}
              </code>{' '}
              <span className="wg-strong">{action.name}</span>
              <span className="wg-list-sub">{TEST_ACTION_RULE_LABEL[action.rule]}</span>
            </p>
          ) : (
            <p className="wg-muted">{TEST_ACTION_RULE_LABEL.none}</p>
          )}
        </div>
        {charts && <div className="wg-panel-charts">{charts}</div>}
        <HealthCheckTimeline
          checks={checks ?? (hasClient ? undefined : [])}
          connectionId={checks ? undefined : connection.id}
          headingLevel={(headingLevel + 1) as HeadingLevel}
        />
      </>
    );
  }
  return (
    <section
      data-waygate=""
      data-slot="connection-health-panel"
      aria-busy={isLoading || undefined}
      className={cn('wg-card wg-panel', className)}
      {...props}
    >
      <header className="wg-card-header">
        <Heading level={headingLevel} className="wg-card-title">
          {title}
          {connection && <span className="wg-muted"> · {connection.name}</span>}
        </Heading>
      </header>
      {body}
    </section>
  );
}

/**
 * The label beside the status, from the first page of checks the timeline below loads anyway:
 * the same query (same key, unfiltered, 100 checks), so react-query makes one request for both.
 */
function FetchedFlappingLabel({ connectionId }: { connectionId: string }) {
  const query = useHealthChecks(connectionId, { limit: 100 });
  const first = query.data?.pages[0]?.data;
  return first ? <FlappingLabel checks={first} /> : null;
}
