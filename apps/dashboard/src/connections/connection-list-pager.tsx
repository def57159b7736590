import type { PagePosition } from './connection-pager';
import { countFormat } from './describe-connection-list';

export interface ConnectionListPagerProps {
  /** Rows before this page. */
  offset: number;
  /** Rows on this page. */
  shown: number;
  /** All rows of the list, when the summary knows it (not when narrowed to one integration). */
  total: number | null;
  /** Where this page starts; null on the first page. */
  position: PagePosition | null;
  hasNext: boolean;
  /** A placeholder page is the previous one kept on screen: its "next" is stale. */
  isPlaceholderData: boolean;
  next: PagePosition | null;
  goTo: (position: PagePosition | null) => void;
}

/** "Showing 51–100 of 240" with First/Next page; keyset pages have no "previous", Back does that. */
export function ConnectionListPager({
  offset,
  shown,
  total,
  position,
  hasNext,
  isPlaceholderData,
  next,
  goTo,
}: ConnectionListPagerProps) {
  return (
    <nav className="pager" aria-label="Pages">
      <span className="wg-muted" aria-live="polite" data-slot="page-range">
        Showing {countFormat.format(offset + 1)}–{countFormat.format(offset + shown)}
        {total !== null ? ` of ${countFormat.format(total)}` : ''}
      </span>
      {(position || hasNext) && (
        <span className="pager-buttons">
          <button
            type="button"
            className="wg-button"
            disabled={!position}
            onClick={() => goTo(null)}
          >
            First page
          </button>
          <button
            type="button"
            className="wg-button"
            disabled={!hasNext || isPlaceholderData}
            onClick={() => goTo(next)}
          >
            Next page
          </button>
        </span>
      )}
    </nav>
  );
}
