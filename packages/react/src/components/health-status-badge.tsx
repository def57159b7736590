'use client';
import * as Tooltip from '@radix-ui/react-tooltip';
import { describeReason, type HealthCheckStatus, type HealthReason } from '@waygate/health-core';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { useConnection } from '../hooks/use-health-queries';
import { cn } from '../lib/cn';
import { type DisplayStatus, STATUS_LABEL } from '../lib/status';
import type { TimeInput } from '../lib/time';
import { RelativeTime } from './relative-time';
import { StatusIcon } from './status-icon';

export type BadgeSize = 'sm' | 'md' | 'lg';

export interface HealthStatusBadgeProps extends Omit<ComponentPropsWithoutRef<'span'>, 'children'> {
  /** The status to show. Leave undefined and pass `connectionId` to read it through the provider. */
  status?: HealthCheckStatus | 'unknown' | null;
  /** Machine reasons behind the status; the tooltip words them with core's `describeReason`. */
  reasons?: readonly HealthReason[];
  /** When the connection was last checked; absent or null means it never was. */
  lastCheckedAt?: TimeInput | null;
  /** Fetch the connection (needs `HealthClientProvider`) instead of passing data. */
  connectionId?: string;
  size?: BadgeSize;
  /** Show the tooltip with reasons and last-check time (default true). */
  tooltip?: boolean;
  /** Replaces the status word, e.g. a translation; the status itself stays in `data-state`. */
  label?: ReactNode;
}

/**
 * Status pill: icon + word, never colour alone. A `status` prop renders data as given; a
 * `connectionId` alone makes the badge fetch the connection through the provider.
 */
export function HealthStatusBadge(props: HealthStatusBadgeProps) {
  if (props.status === undefined && props.connectionId) {
    return <ConnectedHealthStatusBadge {...props} connectionId={props.connectionId} />;
  }
  return <HealthStatusBadgeView {...props} />;
}

function ConnectedHealthStatusBadge({
  connectionId,
  ...props
}: HealthStatusBadgeProps & { connectionId: string }) {
  const query = useConnection(connectionId);
  if (query.isPending) {
    return <HealthStatusBadgeView {...props} status="unknown" loading label="Loading" />;
  }
  if (query.isError) {
    return <HealthStatusBadgeView {...props} status="unknown" unavailable label="Unavailable" />;
  }
  const connection = query.data;
  // The spec defaults healthStatus to "healthy" before any check: without a check, say so.
  const checked = Boolean(connection.lastHealthCheckAt);
  return (
    <HealthStatusBadgeView
      {...props}
      status={checked ? connection.healthStatus : 'unknown'}
      reasons={connection.healthReasons}
      lastCheckedAt={connection.lastHealthCheckAt ?? null}
    />
  );
}

interface ViewProps extends HealthStatusBadgeProps {
  loading?: boolean;
  unavailable?: boolean;
}

function HealthStatusBadgeView({
  status,
  reasons = [],
  lastCheckedAt,
  connectionId: _connectionId,
  size = 'md',
  tooltip = true,
  label,
  loading,
  unavailable,
  className,
  ...props
}: ViewProps) {
  const state: DisplayStatus = status ?? 'unknown';
  const text = label ?? STATUS_LABEL[state];
  const badge = (
    <span
      data-slot="health-status-badge"
      data-state={loading ? 'loading' : state}
      data-size={size}
      aria-busy={loading || undefined}
      className={cn('wg-badge', className)}
      {...props}
    >
      <StatusIcon status={state} />
      <span data-slot="badge-label">{text}</span>
    </span>
  );
  if (!tooltip || loading) return badge;

  return (
    <Tooltip.Provider delayDuration={200}>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          {/* A button so keyboard and touch users can open the tooltip too. */}
          <button type="button" className="wg-badge-trigger">
            {badge}
          </button>
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content
            data-slot="health-status-tooltip"
            data-state-status={state}
            className="wg-tooltip"
            sideOffset={6}
          >
            <HealthStatusDetails
              status={state}
              reasons={reasons}
              lastCheckedAt={lastCheckedAt}
              unavailable={unavailable}
            />
            <Tooltip.Arrow className="wg-tooltip-arrow" />
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
}

interface HealthStatusDetailsProps {
  status: DisplayStatus;
  reasons: readonly HealthReason[];
  lastCheckedAt: TimeInput | null | undefined;
  unavailable?: boolean | undefined;
}

/** Tooltip body: the status, each reason in words, and a self-updating last-check time. */
function HealthStatusDetails({
  status,
  reasons,
  lastCheckedAt,
  unavailable,
}: HealthStatusDetailsProps) {
  if (unavailable) return <p className="wg-tooltip-title">Health status could not be loaded</p>;
  return (
    <div className="wg-tooltip-body">
      <p className="wg-tooltip-title">{STATUS_LABEL[status]}</p>
      {reasons.length > 0 && (
        <ul className="wg-tooltip-reasons">
          {reasons.map((reason) => (
            <li key={reason}>{describeReason(reason)}</li>
          ))}
        </ul>
      )}
      <p className="wg-tooltip-meta">
        {lastCheckedAt ? (
          <>
            Last checked <RelativeTime value={lastCheckedAt} />
          </>
        ) : (
          'Never checked'
        )}
      </p>
    </div>
  );
}
