'use client';
import type { HealthCheck } from '@waygate/health-core';
import { type ComponentPropsWithoutRef, type MouseEvent, type ReactNode, useState } from 'react';
import { useTriggerHealthCheck } from '../hooks/use-trigger-health-check';
import { cn } from '../lib/cn';
import { useNow } from '../lib/use-now';
import { errorMessage } from './state-message';

export interface CheckNowButtonProps extends Omit<ComponentPropsWithoutRef<'button'>, 'children'> {
  /** Trigger through the provider (`healthChecks.trigger`), refreshing all health queries. */
  connectionId?: string;
  /** Or run any async action instead (no provider needed). */
  onCheck?: () => Promise<unknown>;
  onChecked?: (check: HealthCheck | unknown) => void;
  children?: ReactNode;
}

/**
 * Milliseconds until a rate-limited call may be retried, from the client's `RateLimitedError`
 * (`retryAfterMs`) or an API error body with `details.retryAfterSeconds`; null if not a 429.
 */
export function retryAfterMsOf(error: unknown): number | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as {
    status?: unknown;
    retryAfterMs?: unknown;
    details?: { retryAfterSeconds?: unknown };
  };
  if (typeof e.retryAfterMs === 'number') return e.retryAfterMs;
  if (e.status === 429) {
    const seconds = e.details?.retryAfterSeconds;
    return typeof seconds === 'number' ? seconds * 1000 : 60_000;
  }
  return null;
}

/** Runs a manual health check; shows pending, failure, and a 429's "try again in N s" countdown. */
export function CheckNowButton({ connectionId, onCheck, ...props }: CheckNowButtonProps) {
  if (!onCheck && connectionId)
    return <ConnectedCheckNowButton connectionId={connectionId} {...props} />;
  return <CallbackCheckNowButton onCheck={onCheck ?? (async () => undefined)} {...props} />;
}

function ConnectedCheckNowButton({
  connectionId,
  onChecked,
  ...props
}: CheckNowButtonProps & { connectionId: string }) {
  const mutation = useTriggerHealthCheck(connectionId);
  const [failedAt, setFailedAt] = useState(0);
  return (
    <CheckNowButtonView
      {...props}
      pending={mutation.isPending}
      error={mutation.error}
      failedAt={failedAt}
      run={() =>
        mutation.mutate(undefined, {
          onSuccess: (check) => onChecked?.(check),
          onError: () => setFailedAt(Date.now()),
        })
      }
    />
  );
}

function CallbackCheckNowButton({
  onCheck,
  onChecked,
  ...props
}: CheckNowButtonProps & { onCheck: () => Promise<unknown> }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [failedAt, setFailedAt] = useState(0);
  return (
    <CheckNowButtonView
      {...props}
      pending={pending}
      error={error}
      failedAt={failedAt}
      run={async () => {
        setPending(true);
        setError(null);
        try {
          // Not `onChecked?.(await onCheck())`: that skips the call when onChecked is absent.
          const result = await onCheck();
          onChecked?.(result);
        } catch (caught) {
          setError(caught);
          setFailedAt(Date.now());
        } finally {
          setPending(false);
        }
      }}
    />
  );
}

interface ViewProps extends Omit<CheckNowButtonProps, 'connectionId' | 'onCheck' | 'onChecked'> {
  pending: boolean;
  error: unknown;
  failedAt: number;
  run: () => void;
}

function CheckNowButtonView({
  pending,
  error,
  failedAt,
  run,
  children = 'Check now',
  className,
  disabled,
  onClick,
  ...props
}: ViewProps) {
  const retryAfterMs = error ? retryAfterMsOf(error) : null;
  const until = retryAfterMs !== null ? failedAt + retryAfterMs : 0;
  // The clock may have last ticked before the failure: never count from earlier than it.
  const now = Math.max(useNow(1000, until > 0), failedAt);
  const waitSeconds = until > now ? Math.ceil((until - now) / 1000) : 0;
  const state = pending ? 'pending' : waitSeconds > 0 ? 'rate-limited' : error ? 'error' : 'idle';
  return (
    <span className="wg-check-now" data-waygate="" data-slot="check-now">
      <button
        type="button"
        data-state={state}
        aria-busy={pending || undefined}
        disabled={disabled || pending || waitSeconds > 0}
        className={cn('wg-button wg-button-primary', className)}
        onClick={(event: MouseEvent<HTMLButtonElement>) => {
          onClick?.(event);
          if (!event.defaultPrevented) run();
        }}
        {...props}
      >
        {pending ? 'Checking…' : children}
      </button>
      <span className="wg-check-now-status" role="status" aria-live="polite">
        {waitSeconds > 0
          ? `Rate limited: try again in ${waitSeconds} s`
          : error && retryAfterMs === null
            ? `Check failed: ${errorMessage(error)}`
            : ''}
      </span>
    </span>
  );
}
