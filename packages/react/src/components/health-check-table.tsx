'use client';
import { describeCheckError, type HealthCheck, suggestResolution } from '@waygate/health-core';
import { Fragment, useId } from 'react';
import { BREAKER_LABEL, CREDENTIAL_LABEL, formatLatency } from '../lib/format';
import { STATUS_LABEL } from '../lib/status';
import { formatDateTime } from '../lib/time';
import { StatusIcon } from './status-icon';

export interface HealthCheckTableProps {
  checks: readonly HealthCheck[];
  expandedId: string | null;
  onToggle: (id: string) => void;
  locale?: string;
  caption?: string;
}

/** Newest first; each row expands to the check's full details and a suggested fix. */
export function HealthCheckTable({
  checks,
  expandedId,
  onToggle,
  locale,
  caption = 'Health checks',
}: HealthCheckTableProps) {
  const id = useId();
  return (
    <table data-slot="health-check-table" className="wg-table">
      <caption className="wg-sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Status</th>
          <th scope="col">Type</th>
          <th scope="col">Credentials</th>
          <th scope="col">HTTP</th>
          <th scope="col">Latency</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((check) => {
          const expanded = expandedId === check.id;
          const detailsId = `${id}-${check.id}`;
          return (
            <Fragment key={check.id}>
              <tr data-state={check.status} data-expanded={expanded || undefined}>
                <td>
                  <button
                    type="button"
                    className="wg-row-toggle"
                    aria-expanded={expanded}
                    aria-controls={expanded ? detailsId : undefined}
                    onClick={() => onToggle(check.id)}
                  >
                    <span aria-hidden="true" className="wg-chevron" />
                    {formatDateTime(check.createdAt, locale)}
                  </button>
                </td>
                <td>
                  <span className="wg-status-text" data-state={check.status}>
                    <StatusIcon status={check.status} />
                    {STATUS_LABEL[check.status]}
                  </span>
                </td>
                <td>{check.checkType === 'manual' ? 'Manual' : 'Scheduled'}</td>
                <td>{CREDENTIAL_LABEL[check.credentialStatus]}</td>
                <td>{check.testActionStatusCode ?? '—'}</td>
                <td>{formatLatency(check.latencyMs)}</td>
              </tr>
              {expanded && (
                <tr id={detailsId} className="wg-details-row">
                  <td colSpan={6}>
                    <HealthCheckDetails check={check} locale={locale} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

function HealthCheckDetails({
  check,
  locale,
}: {
  check: HealthCheck;
  locale?: string | undefined;
}) {
  const error = check.error ?? check.testActionError;
  const resolution = suggestResolution(error);
  return (
    <div data-slot="health-check-details" className="wg-details">
      {error && (
        <div className="wg-details-error">
          <p className="wg-details-error-title">{describeCheckError(error)}</p>
          {error.message && <p className="wg-muted">{error.message}</p>}
          {resolution && (
            <p data-slot="suggested-resolution">
              <strong>Suggested fix: </strong>
              {resolution}
            </p>
          )}
        </div>
      )}
      <dl className="wg-details-grid">
        <dt>Credential status</dt>
        <dd>{CREDENTIAL_LABEL[check.credentialStatus]}</dd>
        {check.credentialExpiresAt && (
          <>
            <dt>Credentials expire</dt>
            <dd>{formatDateTime(check.credentialExpiresAt, locale)}</dd>
          </>
        )}
        <dt>Test action</dt>
        <dd>
          {check.testActionSuccess === undefined
            ? 'Not run'
            : check.testActionSuccess
              ? 'Succeeded'
              : 'Failed'}
          {check.testActionLatencyMs !== undefined &&
            ` in ${formatLatency(check.testActionLatencyMs)}`}
          {check.testActionStatusCode !== undefined && ` (HTTP ${check.testActionStatusCode})`}
        </dd>
        <dt>Circuit breaker</dt>
        <dd>{BREAKER_LABEL[check.circuitBreakerStatus]}</dd>
        <dt>Total duration</dt>
        <dd>{formatLatency(check.latencyMs)}</dd>
        <dt>Check</dt>
        <dd>
          <code>{check.id}</code>
        </dd>
      </dl>
    </div>
  );
}
