'use client';
import { describeReason, type HealthReason } from '@waygate/health-core';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { cn } from '../lib/cn';
import {
  type ConnectionStatusFields,
  type DisplayStatus,
  displayStatus,
  STATUS_LABEL,
  underlyingStatus,
} from '../lib/status';
import type { TimeInput } from '../lib/time';
import { RelativeTime } from './relative-time';
import { StatusIcon } from './status-icon';
import { Tooltip } from './tooltip';

export type BadgeSize = 'sm' | 'md' | 'lg';

/**
 * A connection as any list or detail response carries it: the badge needs only these fields
 * (any others, e.g. a whole `Connection`, are ignored). `inMaintenance: true` shows "Maintenance".
 */
export interface BadgeConnection extends ConnectionStatusFields {
  healthReasons?: readonly HealthReason[] | undefined;
}

export interface HealthStatusBadgeProps extends Omit<ComponentPropsWithoutRef<'span'>, 'children'> {
  /** A connection already in hand (a list row, a detail): status, reasons and last check. */
  connection?: BadgeConnection;
  /** The status to show, when there is no `connection` object. */
  status?: DisplayStatus | null;
  /** Machine reasons behind the status; the tooltip words them with core's `describeReason`. */
  reasons?: readonly HealthReason[];
  /** When the connection was last checked; absent or null means it never was. */
  lastCheckedAt?: TimeInput | null;
  size?: BadgeSize;
  /** Show the tooltip with reasons and last-check time (default true). */
  tooltip?: boolean;
  /** Replaces the status word, e.g. a translation; the status itself stays in `data-state`. */
  label?: ReactNode;
  /** Shown as `data-state="loading"` (used while a connection is being fetched). */
  loading?: boolean;
  /** Say in the tooltip that the status could not be loaded. */
  unavailable?: boolean;
}

/**
 * Status pill: icon + word, never colour alone. Renders only what it is given (a `connection`
 * object, or `status` and friends): no request, no schema, no query library. To fetch one
 * connection by id, use `ConnectionStatusBadge`.
 */
export function HealthStatusBadge({
  connection,
  status,
  reasons,
  lastCheckedAt,
  size = 'md',
  tooltip = true,
  label,
  loading,
  unavailable,
  className,
  ...props
}: HealthStatusBadgeProps) {
  const state: DisplayStatus = connection ? displayStatus(connection) : (status ?? 'unknown');
  // Under a maintenance window the real status is still worth knowing: it is said to screen
  // readers beside the word, shown in the tooltip and kept in `data-health-status`.
  const underlying =
    state === 'maintenance' && connection ? underlyingStatus(connection) : undefined;
  const shownReasons = (connection ? connection.healthReasons : reasons) ?? [];
  const checkedAt = connection ? connection.lastHealthCheckAt : lastCheckedAt;
  const badge = (
    <span
      data-waygate=""
      data-slot="health-status-badge"
      data-state={loading ? 'loading' : state}
      data-size={size}
      data-health-status={underlying}
      aria-busy={loading || undefined}
      className={cn('wg-badge', className)}
      {...props}
    >
      <StatusIcon status={state} />
      <span data-slot="badge-label">{label ?? STATUS_LABEL[state]}</span>
      {underlying && <span className="wg-sr-only">, last status: {STATUS_LABEL[underlying]}</span>}
    </span>
  );
  if (!tooltip || loading) return badge;
  return (
    <Tooltip
      content={
        <HealthStatusDetails
          status={state}
          underlying={underlying}
          reasons={shownReasons}
          lastCheckedAt={checkedAt}
          unavailable={unavailable}
        />
      }
    >
      {badge}
    </Tooltip>
  );
}

interface HealthStatusDetailsProps {
  status: DisplayStatus;
  /** The status a maintenance window covers, when known. */
  underlying?: DisplayStatus | undefined;
  reasons: readonly HealthReason[];
  lastCheckedAt: TimeInput | null | undefined;
  unavailable?: boolean | undefined;
}

/** Tooltip body: the status, each reason in words, and a self-updating last-check time. */
function HealthStatusDetails({
  status,
  underlying,
  reasons,
  lastCheckedAt,
  unavailable,
}: HealthStatusDetailsProps) {
  // Spans (shown as blocks): a badge may sit inside a paragraph, where <p> or <ul> may not.
  if (unavailable)
    return <span className="wg-tooltip-title">Health status could not be loaded</span>;
  return (
    <>
      <span className="wg-tooltip-title">{STATUS_LABEL[status]}</span>
      {status === 'maintenance' && (
        <span className="wg-tooltip-reason">
          In a maintenance window: checks run, alerts are held.
          {underlying && ` Last status: ${STATUS_LABEL[underlying]}.`}
        </span>
      )}
      {reasons.map((reason) => (
        <span key={reason} className="wg-tooltip-reason">
          {describeReason(reason)}
        </span>
      ))}
      <span className="wg-tooltip-meta">
        {lastCheckedAt ? (
          <>
            Last checked <RelativeTime value={lastCheckedAt} />
          </>
        ) : (
          'Never checked'
        )}
      </span>
    </>
  );
}
