'use client';
import type { Uptime, UptimeWindow } from '@waygate/health-core';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { ErrorState, LoadingState } from '../components/state-message';
import { useConnectionUptime } from '../hooks/use-health-queries';
import { cn } from '../lib/cn';
import { countOf, formatPercent } from '../lib/format';
import { STATUS_LABEL } from '../lib/status';

const WINDOW_LABEL: Record<UptimeWindow, string> = {
  '24h': 'last 24 h',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
};

export interface UptimeBarProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'title'> {
  /** From `GET /connections/:id/uptime`; omit to fetch by `connectionId` and `window`. */
  uptime?: Uptime;
  connectionId?: string;
  window?: UptimeWindow;
  isLoading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  title?: ReactNode;
}

/** Uptime figure for one window, with a bar split by healthy/degraded/unhealthy checks. */
export function UptimeBar(props: UptimeBarProps) {
  if (props.uptime === undefined && props.connectionId && !props.isLoading && !props.error) {
    return <ConnectedUptimeBar {...props} connectionId={props.connectionId} />;
  }
  return <UptimeBarView {...props} />;
}

function ConnectedUptimeBar({ connectionId, ...props }: UptimeBarProps & { connectionId: string }) {
  const query = useConnectionUptime(connectionId, props.window ?? '24h');
  return (
    <UptimeBarView
      {...props}
      uptime={query.data}
      isLoading={query.isPending}
      error={query.isError ? query.error : undefined}
      onRetry={() => void query.refetch()}
    />
  );
}

function UptimeBarView({
  uptime,
  connectionId: _connectionId,
  window = uptime?.window ?? '24h',
  isLoading,
  error,
  onRetry,
  title,
  className,
  ...props
}: UptimeBarProps) {
  const heading = title ?? `Uptime, ${WINDOW_LABEL[window]}`;
  let body: ReactNode;
  if (isLoading) body = <LoadingState label="Loading uptime…" />;
  else if (error || !uptime)
    body = <ErrorState title="Uptime could not be loaded" error={error} onRetry={onRetry} />;
  else {
    const total = uptime.totalChecks;
    const segments = (['healthy', 'degraded', 'unhealthy'] as const).filter(
      (status) => uptime[status] > 0,
    );
    const summary =
      total === 0
        ? 'No checks in this window'
        : segments
            .map((status) => `${uptime[status]} ${STATUS_LABEL[status].toLowerCase()}`)
            .join(', ');
    body = (
      <>
        <p className="wg-uptime-figure" data-slot="uptime-percent">
          {formatPercent(uptime.uptimePercent)}
        </p>
        <div
          className="wg-uptime-track"
          role="img"
          aria-label={`${countOf(total, 'check')}: ${summary}`}
        >
          {segments.map((status) => (
            <span
              key={status}
              className="wg-uptime-segment"
              data-state={status}
              style={{ width: `${(uptime[status] / total) * 100}%` }}
            />
          ))}
        </div>
        <p className="wg-muted wg-uptime-legend" aria-hidden="true">
          {total === 0 ? 'No checks in this window' : `${countOf(total, 'check')} · ${summary}`}
        </p>
      </>
    );
  }
  return (
    <div
      data-waygate=""
      data-slot="uptime-bar"
      aria-busy={isLoading || undefined}
      className={cn('wg-uptime', className)}
      {...props}
    >
      <p className="wg-uptime-title">{heading}</p>
      {body}
    </div>
  );
}

export interface UptimeFiguresProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  connectionId?: string;
  /** Data mode: one `Uptime` per window. */
  uptimes?: readonly Uptime[];
  windows?: readonly UptimeWindow[];
}

/** Uptime for 24 h and 7 d side by side (or the windows given). */
export function UptimeFigures({
  connectionId,
  uptimes,
  windows = ['24h', '7d'],
  className,
  ...props
}: UptimeFiguresProps) {
  return (
    <div
      data-waygate=""
      data-slot="uptime-figures"
      className={cn('wg-uptime-figures', className)}
      {...props}
    >
      {uptimes
        ? uptimes.map((uptime) => <UptimeBar key={uptime.window} uptime={uptime} />)
        : windows.map((window) => (
            <UptimeBar key={window} connectionId={connectionId} window={window} />
          ))}
    </div>
  );
}
