import type { HealthCheck } from '@waygate/health-core';
import { useMemo, useState } from 'react';
import type { TimelineBlock } from './bucket-checks';

/** What the timeline shows of its checks, and the moves that change it. */
export interface TimelineRows {
  /** Every check, newest first: the status bar always shows all of them. */
  sorted: readonly HealthCheck[];
  /** The table's rows: `sorted`, narrowed to the selected bucket's checks while one is selected. */
  rows: readonly HealthCheck[];
  /** How many table rows are on screen ("Show more" adds a page). */
  visible: number;
  expandedId: string | null;
  /** The status-bar bucket that narrows the table, if any. */
  selected: TimelineBlock | null;
  selectBlock: (block: TimelineBlock) => void;
  clearSelection: () => void;
  toggleRow: (id: string) => void;
  showMore: () => void;
  /** New filters bring other checks: forget the bucket and start again from the first page. */
  resetForNewFilters: () => void;
}

/**
 * The timeline's table state: which bucket narrows it, which row is open, how many rows show.
 * Kept apart from the markup so the status bar and the table agree on one selection.
 */
export function useTimelineRows(
  checks: readonly HealthCheck[] | undefined,
  pageSize: number,
): TimelineRows {
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const [selected, setSelected] = useState<TimelineBlock | null>(null);
  const [visible, setVisible] = useState(pageSize);

  // Checks arrive in any order (API pages, caller's arrays); the table reads newest first.
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

  // A one-check block opens that check's row; a bucket of several narrows the table (again: undo).
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

  return {
    sorted,
    rows,
    visible,
    expandedId,
    selected,
    selectBlock,
    clearSelection: () => setSelected(null),
    toggleRow: (id) => setExpandedId(expandedId === id ? null : id),
    showMore: () => setVisible(visible + pageSize),
    resetForNewFilters: () => {
      setSelected(null);
      setVisible(pageSize);
    },
  };
}
