import { useEffect, useId, useRef, useState } from 'react';
import { Link } from '../router/router';
import { paths } from '../router/routes';
import { FEED_LIMIT, useEventFeed } from './event-feed';
import { EventItem } from './event-item';

const SHOWN = 8;

function BellIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** Header bell: unread state changes as a count, the latest ones in a disclosure panel. */
export function NotificationBell() {
  const feed = useEventFeed();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const { markAllRead } = feed;

  // Opening the panel is reading it; events arriving while it is open count as read too.
  useEffect(() => {
    if (open) markAllRead();
  }, [open, markAllRead]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const unreadLabel =
    feed.unread >= feed.events.length && feed.unread > 0 && feed.events.length >= FEED_LIMIT
      ? `${feed.unread}+`
      : String(feed.unread);
  return (
    <div className="bell" ref={wrapperRef}>
      <button
        ref={buttonRef}
        type="button"
        className="wg-button wg-button-ghost bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={feed.unread > 0 ? `Notifications, ${unreadLabel} unread` : 'Notifications'}
        data-unread={feed.unread}
        onClick={() => setOpen(!open)}
      >
        <BellIcon />
        {feed.unread > 0 && (
          <span className="bell-count" aria-hidden="true" data-slot="unread-count">
            {unreadLabel}
          </span>
        )}
      </button>
      <section
        id={panelId}
        className="bell-panel wg-card"
        hidden={!open}
        aria-label="Status changes"
      >
        <h2 className="bell-title">Status changes</h2>
        {feed.error ? (
          <p className="wg-muted">Notifications could not be loaded.</p>
        ) : feed.isPending ? (
          <p className="wg-muted">Loading…</p>
        ) : feed.events.length === 0 ? (
          <p className="wg-muted">No status changes yet. You will see them here as checks run.</p>
        ) : (
          <ul className="event-list">
            {feed.events.slice(0, SHOWN).map((event) => (
              <EventItem key={event.id} event={event} onNavigate={() => setOpen(false)} />
            ))}
          </ul>
        )}
        <Link className="bell-all" to={paths.notifications()} onClick={() => setOpen(false)}>
          All status changes
        </Link>
      </section>
    </div>
  );
}
