import type { ReactNode } from 'react';

export function LoadingState({ label }: { label: string }) {
  return (
    <div role="status" data-slot="loading-state" className="wg-state wg-state-loading">
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

export function ErrorState({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: (() => void) | undefined;
}) {
  return (
    <div role="alert" data-slot="error-state" className="wg-state wg-state-error">
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
    <div data-slot="empty-state" className="wg-state wg-state-empty">
      <p className="wg-state-title">{title}</p>
      {children && <p className="wg-muted">{children}</p>}
    </div>
  );
}
