'use client';
import type { LatencyBucketSize, LatencySeries, UptimeWindow } from '@waygate/health-core';
import { type ComponentPropsWithoutRef, type ReactNode, useId } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { EmptyState, ErrorState, LoadingState } from '../components/state-message';
import { useLatency } from '../hooks/use-health-queries';
import { cn } from '../lib/cn';
import { formatLatency } from '../lib/format';
import { formatDateTime } from '../lib/time';

export interface LatencyChartProps
  extends Omit<ComponentPropsWithoutRef<'figure'>, 'children' | 'title'> {
  /** Points from `GET /connections/:id/latency`; omit to fetch by `connectionId`. */
  series?: LatencySeries;
  connectionId?: string;
  bucket?: LatencyBucketSize;
  window?: UptimeWindow;
  isLoading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** Chart height in pixels (default 220). */
  height?: number;
  valueFormatter?: (ms: number) => string;
  title?: ReactNode;
  locale?: string;
}

/** p50 and p95 test-action latency per bucket, with a data table for screen readers. */
export function LatencyChart(props: LatencyChartProps) {
  if (props.series === undefined && props.connectionId && !props.isLoading && !props.error) {
    return <ConnectedLatencyChart {...props} connectionId={props.connectionId} />;
  }
  return <LatencyChartView {...props} />;
}

function ConnectedLatencyChart({
  connectionId,
  ...props
}: LatencyChartProps & { connectionId: string }) {
  const query = useLatency(connectionId, {
    bucket: props.bucket ?? 'hour',
    window: props.window ?? '24h',
  });
  return (
    <LatencyChartView
      {...props}
      series={query.data}
      isLoading={query.isPending}
      error={query.isError ? query.error : undefined}
      onRetry={() => void query.refetch()}
    />
  );
}

function LatencyChartView({
  series,
  connectionId: _connectionId,
  bucket: _bucket,
  window: _window,
  isLoading,
  error,
  onRetry,
  height = 220,
  valueFormatter = formatLatency,
  title = 'Latency',
  locale,
  className,
  ...props
}: LatencyChartProps) {
  const captionId = useId();
  const points = series?.points.filter((point) => point.count > 0) ?? [];
  // A line needs two points: with fewer, dots are the only mark (a one-point chart looked empty).
  const dot = points.length <= 2 ? { r: 4 } : false;
  const data = points.map((point) => ({
    time: formatDateTime(point.bucketStart, locale),
    p50: point.p50,
    p95: point.p95,
  }));
  let body: ReactNode;
  if (isLoading) body = <LoadingState label="Loading latency…" />;
  else if (error || !series)
    body = <ErrorState title="Latency could not be loaded" error={error} onRetry={onRetry} />;
  else if (data.length === 0)
    body = (
      <EmptyState title="No latency data yet">
        Latency appears after the first test action runs.
      </EmptyState>
    );
  else
    body = (
      <>
        <div className="wg-chart" style={{ height }} aria-hidden="true">
          <ResponsiveContainer
            width="100%"
            height="100%"
            minWidth={0}
            initialDimension={{ width: 600, height }}
          >
            {/* The chart is decorative for assistive tech: the table below carries the figures. */}
            <LineChart
              data={data}
              accessibilityLayer={false}
              margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
            >
              <CartesianGrid
                stroke="var(--waygate-border)"
                strokeDasharray="3 3"
                vertical={false}
              />
              <XAxis
                dataKey="time"
                stroke="var(--waygate-muted)"
                fontSize={12}
                tickLine={false}
                minTickGap={24}
              />
              <YAxis
                stroke="var(--waygate-muted)"
                fontSize={12}
                tickLine={false}
                width={64}
                tickFormatter={(value: number) => valueFormatter(value)}
              />
              <Tooltip
                formatter={(value) =>
                  typeof value === 'number' ? valueFormatter(value) : String(value)
                }
                contentStyle={{
                  background: 'var(--waygate-bg)',
                  borderColor: 'var(--waygate-border)',
                  color: 'var(--waygate-fg)',
                }}
              />
              <Legend />
              <Line
                type="monotone"
                dataKey="p50"
                name="p50"
                stroke="var(--waygate-chart-p50)"
                strokeWidth={2}
                dot={dot}
                connectNulls
                isAnimationActive={false}
              />
              <Line
                type="monotone"
                dataKey="p95"
                name="p95"
                stroke="var(--waygate-chart-p95)"
                strokeWidth={2}
                strokeDasharray="5 3"
                dot={dot}
                connectNulls
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
        <table className="wg-sr-only">
          <caption>Latency per {series.bucket}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
            </tr>
          </thead>
          <tbody>
            {data.map((row) => (
              <tr key={row.time}>
                <td>{row.time}</td>
                <td>{row.p50 === null ? '—' : valueFormatter(row.p50)}</td>
                <td>{row.p95 === null ? '—' : valueFormatter(row.p95)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  return (
    <figure
      data-waygate=""
      data-slot="latency-chart"
      aria-labelledby={captionId}
      aria-busy={isLoading || undefined}
      className={cn('wg-card wg-latency-chart', className)}
      {...props}
    >
      <figcaption id={captionId} className="wg-card-title">
        {title}
        {series && <span className="wg-muted"> · p50 and p95, last {series.window}</span>}
      </figcaption>
      {body}
    </figure>
  );
}
