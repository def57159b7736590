import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateMaintenanceWindowInput, MaintenanceWindow } from '@waygate/health-core';
import { ErrorState, LoadingState } from '@waygate/health-react';
import { type FormEvent, useId, useState } from 'react';
import { alertKeys, fieldError, useAlertsApi } from './use-alerts-api';

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

function describe(window: MaintenanceWindow): string {
  if (!window.rrule) return 'One-off window';
  return `${window.rrule} for ${window.durationMinutes} min (${window.timeZone})`;
}

/** A datetime-local value (this browser's wall clock) as an ISO instant; unparsable text as is. */
function toInstant(local: string): string {
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
}

function WindowRow({ window }: { window: MaintenanceWindow }) {
  const api = useAlertsApi();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.windows.delete(window.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.windows() }),
  });
  const next = window.nextOccurrence;
  return (
    <li className="wg-card window-card" data-state={window.active ? 'active' : 'scheduled'}>
      <h3 className="channel-name">{window.name}</h3>
      <p>
        {describe(window)} —{' '}
        {window.active
          ? `in progress until ${new Date(next?.endsAt ?? 0).toLocaleString()}`
          : next
            ? `next ${new Date(next.startsAt).toLocaleString()} to ${new Date(next.endsAt).toLocaleString()}`
            : 'no occurrence left'}
      </p>
      <button
        type="button"
        className="wg-button wg-button-ghost"
        onClick={() => remove.mutate()}
        aria-label={`Delete ${window.name}`}
      >
        Delete
      </button>
    </li>
  );
}

function WindowForm() {
  const id = useId();
  const api = useAlertsApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [day, setDay] = useState<(typeof WEEKDAYS)[number]>('SU');
  const [time, setTime] = useState('02:00');
  const [duration, setDuration] = useState('60');
  const [zone, setZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [kind, setKind] = useState<'weekly' | 'once'>('weekly');
  // datetime-local values: wall-clock time of this browser, sent as instants.
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const create = useMutation({
    mutationFn: (body: CreateMaintenanceWindowInput) => api.windows.create(body),
    onSuccess: () => {
      setName('');
      return queryClient.invalidateQueries({ queryKey: alertKeys.windows() });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (kind === 'once') {
      // An empty or unparsable field is sent as is: the server names the field at fault.
      create.mutate({ name, startsAt: toInstant(startsAt), endsAt: toInstant(endsAt) });
      return;
    }
    const [hour, minute] = time.split(':').map(Number);
    create.mutate({
      name,
      rrule: `FREQ=WEEKLY;BYDAY=${day};BYHOUR=${hour ?? 0};BYMINUTE=${minute ?? 0}`,
      durationMinutes: Number(duration),
      timeZone: zone,
    });
  };
  const error = create.isError ? fieldError(create.error) : null;
  return (
    <form
      className="wg-card settings-form"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-t`}
    >
      <h3 id={`${id}-t`} className="wg-card-title">
        Add a window
      </h3>
      <label htmlFor={`${id}-name`} className="field-label">
        Name
      </label>
      <input
        id={`${id}-name`}
        className="wg-input field-input"
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <label htmlFor={`${id}-kind`} className="field-label">
        Repeats
      </label>
      <select
        id={`${id}-kind`}
        className="wg-input field-input narrow"
        value={kind}
        onChange={(event) => setKind(event.target.value as 'weekly' | 'once')}
      >
        <option value="weekly">Every week</option>
        <option value="once">Once</option>
      </select>
      {kind === 'once' ? (
        <>
          <label htmlFor={`${id}-starts`} className="field-label">
            Starts (this browser's time)
          </label>
          <input
            id={`${id}-starts`}
            type="datetime-local"
            className="wg-input field-input"
            value={startsAt}
            onChange={(event) => setStartsAt(event.target.value)}
          />
          <label htmlFor={`${id}-ends`} className="field-label">
            Ends (this browser's time)
          </label>
          <input
            id={`${id}-ends`}
            type="datetime-local"
            className="wg-input field-input"
            value={endsAt}
            onChange={(event) => setEndsAt(event.target.value)}
          />
        </>
      ) : (
        <>
          <label htmlFor={`${id}-day`} className="field-label">
            Day
          </label>
          <select
            id={`${id}-day`}
            className="wg-input field-input narrow"
            value={day}
            onChange={(event) => setDay(event.target.value as (typeof WEEKDAYS)[number])}
          >
            {WEEKDAYS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
          <label htmlFor={`${id}-time`} className="field-label">
            Starts at (local time of the zone)
          </label>
          <input
            id={`${id}-time`}
            type="time"
            className="wg-input field-input narrow"
            value={time}
            onChange={(event) => setTime(event.target.value)}
          />
          <label htmlFor={`${id}-duration`} className="field-label">
            Duration (minutes)
          </label>
          <input
            id={`${id}-duration`}
            type="number"
            min={1}
            className="wg-input field-input narrow"
            value={duration}
            onChange={(event) => setDuration(event.target.value)}
          />
          <label htmlFor={`${id}-zone`} className="field-label">
            Time zone
          </label>
          <input
            id={`${id}-zone`}
            className="wg-input field-input"
            value={zone}
            onChange={(event) => setZone(event.target.value)}
          />
        </>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="wg-button" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add window'}
        </button>
      </div>
    </form>
  );
}

/** Maintenance windows: checks still run during them but raise no alert and count for no uptime. */
export function MaintenanceSection() {
  const api = useAlertsApi();
  const windows = useQuery({
    queryKey: alertKeys.windows(),
    queryFn: ({ signal }) => api.windows.list({ limit: 100 }, { signal }),
  });
  return (
    <section aria-labelledby="maintenance-title" className="alerts-section">
      <h2 id="maintenance-title">Maintenance windows</h2>
      <p className="wg-muted">
        During a window checks still run and are stored, but they raise no alert or notification and
        count for no uptime.
      </p>
      {windows.isPending ? (
        <LoadingState label="Loading maintenance windows…" />
      ) : windows.isError ? (
        <ErrorState title="Maintenance windows could not be loaded" error={windows.error} />
      ) : windows.data.data.length === 0 ? (
        <p>No maintenance windows.</p>
      ) : (
        <ul className="integration-grid">
          {windows.data.data.map((w) => (
            <WindowRow key={w.id} window={w} />
          ))}
        </ul>
      )}
      <WindowForm />
    </section>
  );
}
