'use client';
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';

/**
 * Roving tabindex for a horizontal toolbar (WAI-ARIA APG): one item is in the tab order, arrow
 * keys move between items, Home/End jump to the ends. Starts on the last (newest) item.
 */
export function useRovingFocus(count: number) {
  const [active, setActive] = useState(count - 1);
  const items = useRef<(HTMLElement | null)[]>([]);
  const clamped = Math.min(Math.max(active, 0), Math.max(count - 1, 0));

  useEffect(() => {
    if (active >= count) setActive(Math.max(count - 1, 0));
  }, [active, count]);

  const move = useCallback(
    (index: number) => {
      const next = Math.min(Math.max(index, 0), count - 1);
      setActive(next);
      items.current[next]?.focus();
    },
    [count],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      const target: Record<string, number> = {
        ArrowRight: clamped + 1,
        ArrowDown: clamped + 1,
        ArrowLeft: clamped - 1,
        ArrowUp: clamped - 1,
        Home: 0,
        End: count - 1,
        PageUp: clamped - 10,
        PageDown: clamped + 10,
      };
      const index = target[event.key];
      if (index === undefined) return;
      event.preventDefault();
      move(index);
    },
    [clamped, count, move],
  );

  const itemProps = (index: number) => ({
    ref: (el: HTMLElement | null) => {
      items.current[index] = el;
    },
    tabIndex: index === clamped ? 0 : -1,
    onFocus: () => setActive(index),
  });

  return { activeIndex: clamped, onKeyDown, itemProps };
}
