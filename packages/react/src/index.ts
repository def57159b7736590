// Main entry: components and hooks. Never imports Recharts (charts live in `./charts`).

export type { TimelineBlock } from './components/bucket-checks';
export {
  CheckNowButton,
  type CheckNowButtonProps,
  retryAfterMsOf,
} from './components/check-now-button';
export {
  ConnectionHealthPanel,
  type ConnectionHealthPanelProps,
} from './components/connection-health-panel';
export {
  ConnectionStatusBadge,
  type ConnectionStatusBadgeProps,
} from './components/connection-status-badge';
export {
  describeFlapping,
  FlappingLabel,
  type FlappingLabelProps,
} from './components/flapping-label';
export type { HeadingLevel } from './components/heading';
export { HealthCard, type HealthCardProps } from './components/health-card';
export {
  HealthCheckTimeline,
  type HealthCheckTimelineProps,
} from './components/health-check-timeline';
export {
  type BadgeConnection,
  type BadgeSize,
  HealthStatusBadge,
  type HealthStatusBadgeProps,
} from './components/health-status-badge';
export {
  type BlockRenderProps,
  HealthStatusBar,
  type HealthStatusBarProps,
} from './components/health-status-bar';
export { HealthSummaryCard, type HealthSummaryCardProps } from './components/health-summary-card';
export { RelativeTime, type RelativeTimeProps } from './components/relative-time';
export {
  EmptyState,
  ErrorState,
  type ErrorStateProps,
  errorMessage,
  LoadingState,
} from './components/state-message';
export { StatusIcon, type StatusIconProps } from './components/status-icon';
export type { TimelineFilters } from './components/timeline-filters';
export type {
  ConnectionListParams,
  HealthCheckListParams,
  HealthClientLike,
  HealthEventListParams,
  LatencyParams,
  Page,
  RequestOptionsLike,
} from './hooks/health-client';
export {
  HealthClientProvider,
  type HealthClientProviderProps,
  useHealthClient,
  useOptionalHealthClient,
} from './hooks/health-client-provider';
export { healthKeys } from './hooks/query-keys';
export {
  connectionQueryOptions,
  connectionsInfiniteQueryOptions,
  connectionsQueryOptions,
  connectionUptimeQueryOptions,
  healthChecksInfiniteQueryOptions,
  healthEventsQueryOptions,
  healthSummaryQueryOptions,
  latencyQueryOptions,
  latestHealthCheckQueryOptions,
} from './hooks/query-options';
export {
  useConnection,
  useConnections,
  useConnectionUptime,
  useHealthChecks,
  useHealthEvents,
  useHealthSummary,
  useInfiniteConnections,
  useLatency,
  useLatestHealthCheck,
} from './hooks/use-health-queries';
export { useTriggerHealthCheck } from './hooks/use-trigger-health-check';
export {
  type ConnectionStatusFields,
  type DisplayStatus,
  describeTransition,
  displayStatus,
  STATUS_LABEL,
} from './lib/status';
