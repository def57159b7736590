'use client';
import { useEffect, useState } from 'react';

/**
 * The current time, re-read every `intervalMs` so that "4 minutes ago" stays true while a page
 * stays open. The timer starts in an effect, so nothing touches timers or `window` during SSR.
 */
export function useNow(intervalMs = 30_000, enabled = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, enabled]);
  return now;
}
