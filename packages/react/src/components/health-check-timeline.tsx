'use client';
import { detectFlapping, type HealthCheck } from '@waygate/health-core';
import { type ComponentPropsWithoutRef, type ReactNode, useMemo, useState } from 'react';
import { useHealthChecks } from '../hooks/use-health-queries';
import { cn } from '../lib/cn';
import type { TimelineBlock } from './bucket-checks';
import { FlappingLabel } from './flapping-label';
import type { HeadingLevel } from './heading';
import { HealthCard } from './health-card';
import type { BlockRenderProps } from './health-status-bar';
import { EmptyState, ErrorState, LoadingState } from './state-message';
import {
  applyFilters,
  filtersToQuery,
  hasActiveFilters,
  TimelineFilterBar,
  type TimelineFilters,
} from './timeline-filters';
import { TimelineHistory } from './timeline-history';
import { useTimelineRows } from './use-timeline-rows';

export interface HealthCheckTimelineProps
  extends Omit<ComponentPropsWithoutRef<'section'>, 'children' | 'title'> {
  /** Checks to show (any order). Leave undefined and pass `connectionId` to fetch them. */
  checks?: readonly HealthCheck[];
  /** Fetch history through the provider; filters then run on the server. */
  connectionId?: string;
  isLoading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** More history exists beyond `checks` (e.g. another API page). */
  hasMore?: boolean;
  onLoadMore?: () => void;
  isLoadingMore?: boolean;
  /** Controlled filters; omit for the component to keep its own. */
  filters?: TimelineFilters;
  defaultFilters?: TimelineFilters;
  onFiltersChange?: (filters: TimelineFilters) => void;
  /** Status-bar blocks before checks are bucketed (default 120). */
  maxBlocks?: number;
  /** Table rows shown before "Show more" (default 50). */
  pageSize?: number;
  title?: ReactNode;
  /** Level of the title heading (default 2, a section right under the page's h1). */
  headingLevel?: HeadingLevel;
  renderBlock?: (block: TimelineBlock, props: BlockRenderProps) => ReactNode;
  locale?: string;
}

/**
 * Health check history: a status bar (one block per check) above a filterable table whose rows
 * expand to the error and its suggested resolution. A "Flapping" label sits beside the title
 * when core's flapping rule (`detectFlapping`) holds for the newest checks.
 */
export function HealthCheckTimeline(props: HealthCheckTimelineProps) {
  const [ownFilters, setOwnFilters] = useState<TimelineFilters>(props.defaultFilters ?? {});
  const filters = props.filters ?? ownFilters;
  const setFilters = (next: TimelineFilters) => {
    if (!props.filters) setOwnFilters(next);
    props.onFiltersChange?.(next);
  };
  if (props.checks === undefined && props.connectionId && !props.isLoading && !props.error) {
    return (
      <ConnectedTimeline
        {...props}
        connectionId={props.connectionId}
        filters={filters}
        onFiltersChange={setFilters}
      />
    );
  }
  return (
    <TimelineView
      {...props}
      checks={props.checks ? applyFilters(props.checks, filters) : undefined}
      filters={filters}
      onFiltersChange={setFilters}
    />
  );
}

function ConnectedTimeline({
  connectionId,
  filters,
  ...props
}: ViewProps & { connectionId: string }) {
  const query = useHealthChecks(connectionId, { ...filtersToQuery(filters), limit: 100 });
  const checks = useMemo(() => query.data?.pages.flatMap((page) => page.data), [query.data]);
  return (
    <TimelineView
      {...props}
      filters={filters}
      checks={checks}
      isLoading={query.isPending}
      error={query.isError ? query.error : undefined}
      onRetry={() => void query.refetch()}
      hasMore={query.hasNextPage}
      isLoadingMore={query.isFetchingNextPage}
      onLoadMore={() => void query.fetchNextPage()}
    />
  );
}

type ViewProps = HealthCheckTimelineProps & {
  filters: TimelineFilters;
  onFiltersChange: (filters: TimelineFilters) => void;
};

/**
 * The timeline's frame (title, filters) around its body. Changing the filters drops the bucket
 * selection and the extra pages, since they described checks the new filters may not return.
 */
function TimelineView({
  checks,
  connectionId: _connectionId,
  isLoading,
  error,
  onRetry,
  hasMore,
  onLoadMore,
  isLoadingMore,
  filters,
  defaultFilters: _defaultFilters,
  onFiltersChange,
  maxBlocks = 120,
  pageSize = 50,
  title = 'Health check history',
  headingLevel = 2,
  renderBlock,
  locale,
  className,
  ...props
}: ViewProps) {
  const timeline = useTimelineRows(checks, pageSize);
  // Core's flapping rule over the newest checks in hand (no extra request). Filters hide checks
  // (a status filter leaves one status, a date range another period), so it is judged only on
  // the unfiltered history.
  const filtered = hasActiveFilters(filters);
  const flapping = useMemo(
    () => (filtered || isLoading || error ? null : detectFlapping(timeline.sorted)),
    [filtered, isLoading, error, timeline.sorted],
  );
  let body: ReactNode;
  if (isLoading) body = <LoadingState label="Loading health checks…" />;
  else if (error)
    body = <ErrorState title="Health checks could not be loaded" error={error} onRetry={onRetry} />;
  else if (timeline.sorted.length === 0) body = <NoChecks filtered={hasActiveFilters(filters)} />;
  else
    body = (
      <TimelineHistory
        timeline={timeline}
        maxBlocks={maxBlocks}
        hasMore={hasMore}
        onLoadMore={onLoadMore}
        isLoadingMore={isLoadingMore}
        renderBlock={renderBlock}
        locale={locale}
      />
    );

  return (
    <HealthCard
      data-slot="health-check-timeline"
      aria-busy={isLoading || undefined}
      className={cn('wg-timeline', className)}
      title={title}
      headingLevel={headingLevel}
      actions={flapping?.flapping ? <FlappingLabel result={flapping} /> : undefined}
      {...props}
    >
      <TimelineFilterBar
        value={filters}
        onChange={(next) => {
          timeline.resetForNewFilters();
          onFiltersChange(next);
        }}
      />
      {body}
    </HealthCard>
  );
}

/** An empty history says why: the filters hide every check, or none has run yet. */
function NoChecks({ filtered }: { filtered: boolean }) {
  return filtered ? (
    <EmptyState title="No checks match these filters">Change or clear the filters.</EmptyState>
  ) : (
    <EmptyState title="No health checks yet">
      Checks appear here after the first scheduled or manual check.
    </EmptyState>
  );
}
