import { useEffect } from 'react';

/** Each page names itself in the tab title (and to screen readers announcing the navigation). */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Waygate Health` : 'Waygate Health';
  }, [title]);
}
