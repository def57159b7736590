'use client';
import type { HealthCheck, HealthCheckStatus } from '@waygate/health-core';
import { useId } from 'react';
import { STATUS_LABEL } from '../lib/status';
import { endOfDateInput, startOfDateInput, toMillis } from '../lib/time';

/** Filter values as the form holds them: `from`/`to` are local days (`yyyy-mm-dd`), inclusive. */
export interface TimelineFilters {
  status?: HealthCheckStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function hasActiveFilters(filters: TimelineFilters): boolean {
  return Boolean(filters.status || filters.from || filters.to);
}

/** The API's query for these filters: `from` inclusive, `to` the start of the next day. */
export function filtersToQuery(filters: TimelineFilters): {
  status?: HealthCheckStatus;
  from?: string;
  to?: string;
} {
  const from = startOfDateInput(filters.from);
  const to = endOfDateInput(filters.to);
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(from ? { from: from.toISOString() } : {}),
    ...(to ? { to: to.toISOString() } : {}),
  };
}

/** Same filters applied to checks already in hand (when the data came as props). */
export function applyFilters(
  checks: readonly HealthCheck[],
  filters: TimelineFilters,
): HealthCheck[] {
  const query = filtersToQuery(filters);
  const from = query.from ? Date.parse(query.from) : null;
  const to = query.to ? Date.parse(query.to) : null;
  return checks.filter((check) => {
    if (query.status && check.status !== query.status) return false;
    const at = toMillis(check.createdAt);
    if (from !== null && (at === null || at < from)) return false;
    if (to !== null && (at === null || at >= to)) return false;
    return true;
  });
}

export interface TimelineFilterBarProps {
  value: TimelineFilters;
  onChange: (next: TimelineFilters) => void;
}

export function TimelineFilterBar({ value, onChange }: TimelineFilterBarProps) {
  const id = useId();
  return (
    <fieldset data-slot="timeline-filters" className="wg-filters">
      <legend className="wg-sr-only">Filter health checks</legend>
      <label htmlFor={`${id}-status`}>
        Status
        <select
          id={`${id}-status`}
          className="wg-input"
          value={value.status ?? ''}
          onChange={(event) =>
            onChange({
              ...value,
              status: (event.target.value || undefined) as HealthCheckStatus | undefined,
            })
          }
        >
          <option value="">All statuses</option>
          {(['healthy', 'degraded', 'unhealthy'] as const).map((status) => (
            <option key={status} value={status}>
              {STATUS_LABEL[status]}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-from`}>
        From
        <input
          id={`${id}-from`}
          type="date"
          className="wg-input"
          value={value.from ?? ''}
          max={value.to || undefined}
          onChange={(event) => onChange({ ...value, from: event.target.value || undefined })}
        />
      </label>
      <label htmlFor={`${id}-to`}>
        To
        <input
          id={`${id}-to`}
          type="date"
          className="wg-input"
          value={value.to ?? ''}
          min={value.from || undefined}
          onChange={(event) => onChange({ ...value, to: event.target.value || undefined })}
        />
      </label>
      {hasActiveFilters(value) && (
        <button type="button" className="wg-button wg-button-ghost" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </fieldset>
  );
}
