import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { HealthEvent } from '@waygate/health-core';
import { healthEventsQueryOptions, healthKeys, useHealthClient } from '@waygate/health-react';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { dashboardKeys } from '../dashboard-keys';

/** How often the dashboard asks `/health-events` for state changes while it is open. */
export const EVENT_POLL_MS = 10_000;
const FEED_SIZE = 20;
const SEEN_KEY = 'waygate-health.notifications-seen-at';

interface EventFeed {
  events: HealthEvent[];
  isPending: boolean;
  error: unknown;
  /** State changes newer than the last time the user opened the notifications. */
  unread: number;
  isUnread: (event: HealthEvent) => boolean;
  markAllRead: () => void;
  /** State changes that happened while the dashboard was open, newest first. */
  toasts: HealthEvent[];
  dismissToast: (id: string) => void;
}

const EventFeedContext = createContext<EventFeed | null>(null);

function readSeenAt(): number {
  try {
    return Number(window.localStorage.getItem(SEEN_KEY)) || 0;
  } catch {
    return 0;
  }
}

/**
 * Polls the tenant's state changes once for the whole app: the bell counts them, new ones become
 * toasts, and every view derived from health (summary, lists, the connection) is refreshed.
 */
export function EventFeedProvider({ children }: { children: ReactNode }) {
  const client = useHealthClient();
  const queryClient = useQueryClient();
  const query = useQuery({
    ...healthEventsQueryOptions(client, { limit: FEED_SIZE }),
    refetchInterval: EVENT_POLL_MS,
    staleTime: 0,
  });
  const [seenAt, setSeenAt] = useState(readSeenAt);
  const [toasts, setToasts] = useState<HealthEvent[]>([]);
  // Ids present at the first answer are history, not news: they never toast.
  const known = useRef<Set<string> | null>(null);

  const events = query.data?.data;
  useEffect(() => {
    if (!events) return;
    if (known.current === null) {
      known.current = new Set(events.map((event) => event.id));
      return;
    }
    const seen = known.current;
    const fresh = events.filter((event) => !seen.has(event.id));
    if (fresh.length === 0) return;
    for (const event of fresh) seen.add(event.id);
    setToasts((current) => [...fresh, ...current].slice(0, 4));
    void queryClient.invalidateQueries({ queryKey: healthKeys.summary() });
    void queryClient.invalidateQueries({ queryKey: dashboardKeys.connections() });
    for (const connectionId of new Set(fresh.map((event) => event.connectionId))) {
      void queryClient.invalidateQueries({ queryKey: healthKeys.connection(connectionId) });
    }
  }, [events, queryClient]);

  const isUnread = useCallback(
    (event: HealthEvent) => Date.parse(event.createdAt) > seenAt,
    [seenAt],
  );

  const markAllRead = useCallback(() => {
    // The newest event's own timestamp (server clock), so a skewed browser clock cannot hide one.
    const newest = Math.max(seenAt, ...(events ?? []).map((event) => Date.parse(event.createdAt)));
    if (newest === seenAt) return;
    setSeenAt(newest);
    try {
      window.localStorage.setItem(SEEN_KEY, String(newest));
    } catch {
      // Storage unavailable: read state lasts for this page only.
    }
  }, [events, seenAt]);

  const dismissToast = useCallback(
    (id: string) => setToasts((current) => current.filter((event) => event.id !== id)),
    [],
  );

  const value = useMemo<EventFeed>(
    () => ({
      events: events ?? [],
      isPending: query.isPending,
      error: query.isError ? query.error : null,
      unread: (events ?? []).filter(isUnread).length,
      isUnread,
      markAllRead,
      toasts,
      dismissToast,
    }),
    [
      events,
      query.isPending,
      query.isError,
      query.error,
      isUnread,
      markAllRead,
      toasts,
      dismissToast,
    ],
  );
  return <EventFeedContext.Provider value={value}>{children}</EventFeedContext.Provider>;
}

export function useEventFeed(): EventFeed {
  const feed = useContext(EventFeedContext);
  if (!feed) throw new Error('useEventFeed outside <EventFeedProvider>');
  return feed;
}

export const FEED_LIMIT = FEED_SIZE;
