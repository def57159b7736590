'use client';
import type { ComponentPropsWithoutRef } from 'react';
import { cn } from '../lib/cn';
import { formatDateTime, formatRelativeTime, type TimeInput, toDate } from '../lib/time';
import { useNow } from '../lib/use-now';

export interface RelativeTimeProps extends Omit<ComponentPropsWithoutRef<'time'>, 'dateTime'> {
  value: TimeInput;
  /** How often the text is refreshed. */
  updateIntervalMs?: number;
  locale?: string;
}

/** "4 minutes ago" that keeps itself current; the exact time is in `dateTime` and `title`. */
export function RelativeTime({
  value,
  updateIntervalMs = 30_000,
  locale,
  className,
  ...props
}: RelativeTimeProps) {
  const now = useNow(updateIntervalMs);
  const date = toDate(value);
  return (
    <time
      dateTime={date?.toISOString()}
      title={date ? formatDateTime(date, locale) : undefined}
      // Server and client clocks differ by a few seconds: the text may legitimately change.
      suppressHydrationWarning
      className={cn('wg-relative-time', className)}
      {...props}
    >
      {formatRelativeTime(value, now, locale)}
    </time>
  );
}
