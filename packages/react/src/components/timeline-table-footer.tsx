export interface TimelineTableFooterProps {
  /** Rows on screen (may exceed `total` after "Load older checks"; the count says the smaller). */
  visible: number;
  /** Rows the table holds right now. */
  total: number;
  /** More history exists beyond the rows loaded (another API page). */
  hasMore?: boolean;
  isLoadingMore?: boolean;
  onShowMore: () => void;
  onLoadMore?: () => void;
}

/**
 * The count under the table, then the one way to see more: reveal loaded rows first, and only when
 * all are on screen ask for older history (so one click never skips rows already loaded).
 */
export function TimelineTableFooter({
  visible,
  total,
  hasMore,
  isLoadingMore,
  onShowMore,
  onLoadMore,
}: TimelineTableFooterProps) {
  return (
    <div className="wg-table-footer">
      <span className="wg-muted" aria-live="polite">
        Showing {Math.min(visible, total)} of {total}
        {hasMore ? '+ checks' : total === 1 ? ' check' : ' checks'}
      </span>
      {visible < total ? (
        <button type="button" className="wg-button" onClick={onShowMore}>
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
              // The next page's rows show as soon as they arrive, without another click.
              onShowMore();
              onLoadMore();
            }}
          >
            {isLoadingMore ? 'Loading…' : 'Load older checks'}
          </button>
        )
      )}
    </div>
  );
}
