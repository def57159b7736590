import type { TimelineBlock } from './bucket-checks';
import { describeBlock } from './health-status-bar';

export interface TimelineSelectionNoteProps {
  block: TimelineBlock;
  onClear: () => void;
  locale?: string;
}

/**
 * Says which bucket narrows the table, with the way back: without it a narrowed table would look
 * like missing history.
 */
export function TimelineSelectionNote({ block, onClear, locale }: TimelineSelectionNoteProps) {
  return (
    <p className="wg-selection" data-slot="timeline-selection">
      Showing {describeBlock(block, locale)}.{' '}
      <button type="button" className="wg-button wg-button-ghost" onClick={onClear}>
        Show all checks
      </button>
    </p>
  );
}
