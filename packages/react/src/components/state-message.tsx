import type { ReactNode } from 'react';

// The loading, error and empty states every component uses, exported so a host app (the
// reference dashboard included) shows its own page states in the same look and words.

export function LoadingState({ label }: { label: string }) {
  return (
    <div
      data-waygate=""
      role="status"
      data-slot="loading-state"
      className="wg-state wg-state-loading"
    >
      <span className="wg-skeleton" aria-hidden="true" />
      <span className="wg-skeleton" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** Best-effort message from any thrown value; the client's errors carry a safe `message`. */
export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === 'string' && message) return message;
  }
  return 'Something went wrong.';
}

export interface ErrorStateProps {
  title: string;
  error: unknown;
  onRetry?: (() => void) | undefined;
}

export function ErrorState({ title, error, onRetry }: ErrorStateProps) {
  return (
    <div data-waygate="" role="alert" data-slot="error-state" className="wg-state wg-state-error">
      <p className="wg-state-title">{title}</p>
      <p className="wg-muted">{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" className="wg-button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div data-waygate="" data-slot="empty-state" className="wg-state wg-state-empty">
      <p className="wg-state-title">{title}</p>
      {/* A div: the explanation may hold links, lists or a button. */}
      {children && <div className="wg-muted">{children}</div>}
    </div>
  );
}
