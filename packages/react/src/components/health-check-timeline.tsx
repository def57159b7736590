'use client';
import type { HealthCheck } from '@waygate/health-core';
import { type ComponentPropsWithoutRef, type ReactNode, useMemo, useState } from 'react';
import { useHealthChecks } from '../hooks/use-health-queries';
import { cn } from '../lib/cn';
import type { TimelineBlock } from './bucket-checks';
import { Heading, type HeadingLevel } from './heading';
import { HealthCheckTable } from './health-check-table';
import { type BlockRenderProps, describeBlock, HealthStatusBar } from './health-status-bar';
import { EmptyState, ErrorState, LoadingState } from './state-message';
import {
  applyFilters,
  filtersToQuery,
  hasActiveFilters,
  TimelineFilterBar,
  type TimelineFilters,
} from './timeline-filters';

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
 * expand to the error and its suggested resolution.
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
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const [selected, setSelected] = useState<TimelineBlock | null>(null);
  const [visible, setVisible] = useState(pageSize);

  const sorted = useMemo(
    () =>
      checks
        ? [...checks].sort(
            (a, b) => Date.parse(String(b.createdAt)) - Date.parse(String(a.createdAt)),
          )
        : [],
    [checks],
  );
  // A selected bucket narrows the table to that bucket's checks.
  const rows = useMemo(() => {
    if (!selected || selected.checks.length === 1) return sorted;
    const ids = new Set(selected.checks.map((check) => check.id));
    return sorted.filter((check) => ids.has(check.id));
  }, [sorted, selected]);

  const selectBlock = (block: TimelineBlock) => {
    if (block.checks.length === 1) {
      const id = block.checks[0]!.id;
      setSelected(null);
      setExpandedId(id);
      // Make sure the row is on screen even if it lies past the current page.
      const index = sorted.findIndex((check) => check.id === id);
      if (index >= visible) setVisible(index + 1);
    } else {
      setSelected(selected?.key === block.key ? null : block);
    }
  };

  const filtered = hasActiveFilters(filters);
  let body: ReactNode;
  if (isLoading) body = <LoadingState label="Loading health checks…" />;
  else if (error)
    body = <ErrorState title="Health checks could not be loaded" error={error} onRetry={onRetry} />;
  else if (sorted.length === 0)
    body = filtered ? (
      <EmptyState title="No checks match these filters">Change or clear the filters.</EmptyState>
    ) : (
      <EmptyState title="No health checks yet">
        Checks appear here after the first scheduled or manual check.
      </EmptyState>
    );
  else
    body = (
      <>
        <HealthStatusBar
          checks={sorted}
          maxBlocks={maxBlocks}
          onSelectBlock={selectBlock}
          selectedKey={selected?.key ?? null}
          renderBlock={renderBlock}
          locale={locale}
        />
        {selected && (
          <p className="wg-selection" data-slot="timeline-selection">
            Showing {describeBlock(selected, locale)}.{' '}
            <button
              type="button"
              className="wg-button wg-button-ghost"
              onClick={() => setSelected(null)}
            >
              Show all checks
            </button>
          </p>
        )}
        <HealthCheckTable
          checks={rows.slice(0, visible)}
          expandedId={expandedId}
          onToggle={(id) => setExpandedId(expandedId === id ? null : id)}
          locale={locale}
        />
        <div className="wg-table-footer">
          <span className="wg-muted" aria-live="polite">
            Showing {Math.min(visible, rows.length)} of {rows.length}
            {hasMore ? '+ checks' : rows.length === 1 ? ' check' : ' checks'}
          </span>
          {visible < rows.length ? (
            <button
              type="button"
              className="wg-button"
              onClick={() => setVisible(visible + pageSize)}
            >
              Show more
            </button>
          ) : (
            hasMore &&
            onLoadMore && (
              <button
                type="button"
                className="wg-button"
                disabled={isLoadingMore}
                aria-busy={isLoadingMore || undefined}
                onClick={() => {
                  setVisible(visible + pageSize);
                  onLoadMore();
                }}
              >
                {isLoadingMore ? 'Loading…' : 'Load older checks'}
              </button>
            )
          )}
        </div>
      </>
    );

  return (
    <section
      data-waygate=""
      data-slot="health-check-timeline"
      aria-busy={isLoading || undefined}
      className={cn('wg-card wg-timeline', className)}
      {...props}
    >
      <header className="wg-card-header">
        <Heading level={headingLevel} className="wg-card-title">
          {title}
        </Heading>
      </header>
      <TimelineFilterBar
        value={filters}
        onChange={(next) => {
          setSelected(null);
          setVisible(pageSize);
          onFiltersChange(next);
        }}
      />
      {body}
    </section>
  );
}
