import { useMutation } from '@tanstack/react-query';
import { badgeMarkdown } from '@waygate/health-client';
import type { BadgeToken, ConnectionDetail } from '@waygate/health-core';
import { errorMessage } from '@waygate/health-react';
import { useId, useState } from 'react';
import { useSession } from '../auth/session';

const DAY_MS = 86_400_000;

/** Today at 00:00 UTC plus one day, and 30 days before it: the last 30 whole UTC days and today. */
function lastThirtyDays(now = Date.now()): { from: string; to: string } {
  const to = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  return { from: new Date(to - 31 * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

/** Saves text as a file through a temporary object URL (no server round trip). */
function download(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * README badges (a public, revocable token; the Markdown snippet to paste) and the uptime report
 * as CSV ("Export CSV", the last 30 days per UTC day) for one connection.
 */
export function ShareAndExport({ connection }: { connection: ConnectionDetail }) {
  const { client } = useSession();
  const id = useId();
  const [token, setToken] = useState<BadgeToken | null>(null);

  const create = useMutation({
    mutationFn: () => client.badgeTokens.createForConnection(connection.id),
    onSuccess: setToken,
  });
  const revoke = useMutation({
    mutationFn: (tokenId: string) => client.badgeTokens.revokeForConnection(connection.id, tokenId),
    onSuccess: () => setToken(null),
  });
  const exportCsv = useMutation({
    mutationFn: async () => {
      const range = lastThirtyDays();
      const csv = await client.reports.uptimeCsv({ ...range, connectionId: connection.id });
      download(csv, `uptime-${connection.name.replace(/[^\w.-]+/g, '-')}-30d.csv`);
    },
  });

  const markdown = token
    ? [
        badgeMarkdown(token.statusUrl, `${connection.name} status`),
        badgeMarkdown(`${token.uptimeUrl}?window=30d`, `${connection.name} uptime (30 days)`),
      ].join(' ')
    : '';

  return (
    <section className="wg-card settings-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="wg-card-title">
        Badges and reports
      </h2>
      <p className="wg-muted">
        A README badge shows this connection's name and status (or uptime) to anyone with its link,
        nothing else. The link works until you revoke it.
      </p>
      {token ? (
        <>
          <label htmlFor={`${id}-markdown`} className="field-label">
            Markdown for a README
          </label>
          <textarea
            id={`${id}-markdown`}
            className="wg-input field-input"
            readOnly
            rows={3}
            value={markdown}
            data-slot="badge-markdown"
            onFocus={(event) => event.currentTarget.select()}
          />
          <p>
            <img src={token.statusUrl} alt={`${connection.name} status badge`} />{' '}
            <img src={`${token.uptimeUrl}?window=30d`} alt={`${connection.name} uptime badge`} />
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="wg-button"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(token.id)}
            >
              Revoke badge link
            </button>
          </div>
        </>
      ) : (
        <div className="form-actions">
          <button
            type="button"
            className="wg-button"
            disabled={create.isPending}
            onClick={() => create.mutate()}
          >
            Create badge link
          </button>
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="wg-button"
          disabled={exportCsv.isPending}
          onClick={() => exportCsv.mutate()}
        >
          Export CSV
        </button>
        <span className="wg-muted small">Uptime report, last 30 days per UTC day</span>
      </div>
      {[create, revoke, exportCsv].map((m, index) =>
        m.isError ? (
          <p key={index} role="alert" className="form-error">
            {errorMessage(m.error)}
          </p>
        ) : null,
      )}
    </section>
  );
}
