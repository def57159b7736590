import type { ReactNode } from 'react';

// Page-level states in the same look as the React package's card states (same CSS classes).

export function PageLoading({ label }: { label: string }) {
  return (
    <div role="status" className="wg-state wg-state-loading" data-slot="page-loading">
      <span className="wg-skeleton" aria-hidden="true" />
      <span className="wg-skeleton" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === 'string' && message) return message;
  }
  return 'Something went wrong.';
}

export function PageError({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
}) {
  return (
    <div role="alert" className="wg-state wg-state-error" data-slot="page-error">
      <p className="wg-state-title">{title}</p>
      <p className="wg-muted">{errorText(error)}</p>
      {onRetry && (
        <button type="button" className="wg-button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function PageEmpty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="wg-state wg-state-empty" data-slot="page-empty">
      <p className="wg-state-title">{title}</p>
      {children && <div className="wg-muted">{children}</div>}
    </div>
  );
}
