import type { ReactNode } from 'react';
import type { TimelineBlock } from './bucket-checks';
import { HealthCheckTable } from './health-check-table';
import { type BlockRenderProps, HealthStatusBar } from './health-status-bar';
import { TimelineSelectionNote } from './timeline-selection-note';
import { TimelineTableFooter } from './timeline-table-footer';
import type { TimelineRows } from './use-timeline-rows';

export interface TimelineHistoryProps {
  timeline: TimelineRows;
  maxBlocks: number;
  hasMore?: boolean;
  onLoadMore?: () => void;
  isLoadingMore?: boolean;
  renderBlock?: (block: TimelineBlock, props: BlockRenderProps) => ReactNode;
  locale?: string;
}

/**
 * The timeline once it has checks: the status bar over all of them, then the table of the ones
 * the bar's selection leaves, one page at a time.
 */
export function TimelineHistory({
  timeline,
  maxBlocks,
  hasMore,
  onLoadMore,
  isLoadingMore,
  renderBlock,
  locale,
}: TimelineHistoryProps) {
  const { sorted, rows, visible, selected } = timeline;
  return (
    <>
      <HealthStatusBar
        checks={sorted}
        maxBlocks={maxBlocks}
        onSelectBlock={timeline.selectBlock}
        selectedKey={selected?.key ?? null}
        renderBlock={renderBlock}
        locale={locale}
      />
      {selected && (
        <TimelineSelectionNote block={selected} onClear={timeline.clearSelection} locale={locale} />
      )}
      <HealthCheckTable
        checks={rows.slice(0, visible)}
        expandedId={timeline.expandedId}
        onToggle={timeline.toggleRow}
        locale={locale}
      />
      <TimelineTableFooter
        visible={visible}
        total={rows.length}
        hasMore={hasMore}
        isLoadingMore={isLoadingMore}
        onShowMore={timeline.showMore}
        onLoadMore={onLoadMore}
      />
    </>
  );
}
