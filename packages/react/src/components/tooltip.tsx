'use client';
import { type ReactElement, type ReactNode, useEffect, useId, useState } from 'react';

export interface TooltipProps {
  /** The trigger's content; it is wrapped in a button so keyboard and touch users reach it. */
  children: ReactElement;
  content: ReactNode;
}

/**
 * A small tooltip with no positioning engine: it opens on hover, focus and tap, closes on
 * Escape, blur and pointer leave, and sits below its trigger by CSS alone. Radix Tooltip
 * (with floating-ui) cost ~20 kB gzip for a badge; this costs well under 1 kB. Trade-off: a
 * container with `overflow: hidden` can clip it (the badge's status word never is).
 */
export function Tooltip({ children, content }: TooltipProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <span
      className="wg-tooltip-anchor"
      onPointerEnter={() => setOpen(true)}
      onPointerLeave={() => setOpen(false)}
    >
      <button
        type="button"
        className="wg-badge-trigger"
        aria-describedby={open ? id : undefined}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onClick={() => setOpen(true)}
      >
        {children}
      </button>
      {open && (
        <span role="tooltip" id={id} data-slot="health-status-tooltip" className="wg-tooltip">
          {content}
        </span>
      )}
    </span>
  );
}
