import type { HealthEvent } from '@waygate/health-core';
import { describeTransition, HealthStatusBadge } from '@waygate/health-react';
import { useCallback, useEffect, useRef } from 'react';
import { Link } from '../router/router';
import { paths } from '../router/routes';
import { useEventFeed } from './event-feed';

const TOAST_MS = 12_000;

function Toast({ event, dismiss }: { event: HealthEvent; dismiss: (id: string) => void }) {
  const ref = useRef<HTMLLIElement>(null);
  const onDismiss = useCallback(() => dismiss(event.id), [dismiss, event.id]);
  useEffect(() => {
    // A toast being read (hovered or focused) stays until it is left.
    let timer = setTimeout(onDismiss, TOAST_MS);
    const node = ref.current;
    const pause = () => clearTimeout(timer);
    const resume = () => {
      clearTimeout(timer);
      timer = setTimeout(onDismiss, TOAST_MS);
    };
    node?.addEventListener('pointerenter', pause);
    node?.addEventListener('focusin', pause);
    node?.addEventListener('pointerleave', resume);
    node?.addEventListener('focusout', resume);
    return () => {
      clearTimeout(timer);
      node?.removeEventListener('pointerenter', pause);
      node?.removeEventListener('focusin', pause);
      node?.removeEventListener('pointerleave', resume);
      node?.removeEventListener('focusout', resume);
    };
  }, [onDismiss]);
  return (
    <li ref={ref} className="toast" data-state={event.toStatus} data-slot="toast">
      <HealthStatusBadge status={event.toStatus} size="sm" tooltip={false} />
      <p className="toast-text">
        <strong>{event.connectionName}</strong> {describeTransition(event)}
      </p>
      <div className="toast-actions">
        <Link to={paths.connection(event.connectionId)} onClick={onDismiss}>
          View
        </Link>
        <button
          type="button"
          className="wg-button wg-button-ghost"
          aria-label={`Dismiss notification about ${event.connectionName}`}
          onClick={onDismiss}
        >
          Dismiss
        </button>
      </div>
    </li>
  );
}

/** Live region for state changes that happen while the dashboard is open. */
export function ToastRegion() {
  const { toasts, dismissToast } = useEventFeed();
  return (
    <section className="toasts" aria-label="New status changes">
      <ol aria-live="polite" aria-relevant="additions">
        {toasts.map((event) => (
          <Toast key={event.id} event={event} dismiss={dismissToast} />
        ))}
      </ol>
    </section>
  );
}
