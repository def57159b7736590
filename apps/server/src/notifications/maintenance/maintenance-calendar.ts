import type { Database } from '../../db/database';
import { type Occurrence, occurrencesBetween, type WindowTiming } from './recurrence';

export interface WindowRow {
  id: string;
  tenant_id: string;
  starts_at: Date;
  ends_at: Date | null;
  rrule: string | null;
  duration_minutes: number | null;
  time_zone: string | null;
  integration_ids: string[];
  connection_ids: string[];
}

export function timingOf(row: WindowRow): WindowTiming {
  return {
    startsAt: new Date(row.starts_at).getTime(),
    endsAt: row.ends_at ? new Date(row.ends_at).getTime() : null,
    rrule: row.rrule,
    durationMinutes: row.duration_minutes,
    timeZone: row.time_zone,
  };
}

interface CalendarWindow {
  timing: WindowTiming;
  integrationIds: Set<string>;
  connectionIds: Set<string>;
  /** Occurrences overlapping [nearFrom, nearTo): checks near "now" are decided from these. */
  near: Occurrence[];
}

/** How long a loaded calendar is trusted; a window saved on another replica applies within it. */
export const CALENDAR_TTL_MS = 30_000;
const NEAR_MS = 60 * 60_000;

/**
 * The windows of every tenant, loaded with one query at most every 30 s per process, so that
 * deciding whether a check is in maintenance costs a map lookup on the write path (nothing at
 * all for tenants without windows). Windows saved through this process's API apply at once
 * (`invalidate`).
 */
export class MaintenanceCalendar {
  private byTenant = new Map<string, CalendarWindow[]>();
  private integrationOf = new Map<string, string>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private nearFrom = 0;
  private nearTo = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly db: Database) {}

  invalidate(): void {
    this.loadedAt = Number.NEGATIVE_INFINITY;
  }

  async ensureFresh(now: number = Date.now()): Promise<void> {
    if (now - this.loadedAt < CALENDAR_TTL_MS) return;
    this.loading ??= this.load(now).finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  private async load(now: number): Promise<void> {
    const { rows } = await this.db.query<WindowRow>(
      `SELECT id, tenant_id, starts_at, ends_at, rrule, duration_minutes, time_zone,
              integration_ids, connection_ids
         FROM maintenance_windows WHERE rrule IS NOT NULL OR ends_at > $1`,
      [new Date(now - NEAR_MS)],
    );
    const integrations = [...new Set(rows.flatMap((r) => r.integration_ids))];
    const members =
      integrations.length === 0
        ? []
        : (
            await this.db.query<{ id: string; integration_id: string }>(
              'SELECT id, integration_id FROM connections WHERE integration_id = ANY ($1::uuid[])',
              [integrations],
            )
          ).rows;
    const byTenant = new Map<string, CalendarWindow[]>();
    this.nearFrom = now - NEAR_MS;
    this.nearTo = now + NEAR_MS;
    for (const row of rows) {
      const timing = timingOf(row);
      const window: CalendarWindow = {
        timing,
        integrationIds: new Set(row.integration_ids),
        connectionIds: new Set(row.connection_ids),
        near: occurrencesBetween(timing, this.nearFrom, this.nearTo),
      };
      byTenant.set(row.tenant_id, [...(byTenant.get(row.tenant_id) ?? []), window]);
    }
    this.byTenant = byTenant;
    this.integrationOf = new Map(members.map((m) => [m.id, m.integration_id]));
    this.loadedAt = now;
  }

  private covers(window: CalendarWindow, connectionId: string): boolean {
    if (window.integrationIds.size === 0 && window.connectionIds.size === 0) return true;
    if (window.connectionIds.has(connectionId)) return true;
    const integration = this.integrationOf.get(connectionId);
    return integration !== undefined && window.integrationIds.has(integration);
  }

  /** False for a tenant without windows: the write path's fast exit. */
  hasWindows(tenantId: string): boolean {
    return this.byTenant.has(tenantId);
  }

  /** True when a window of the tenant covering the connection is in progress at `at`. */
  isInMaintenance(tenantId: string, connectionId: string, at: number): boolean {
    const windows = this.byTenant.get(tenantId);
    if (!windows) return false;
    for (const window of windows) {
      if (!this.covers(window, connectionId)) continue;
      const occurrences =
        at >= this.nearFrom && at < this.nearTo
          ? window.near
          : occurrencesBetween(window.timing, at, at + 1);
      if (occurrences.some((o) => o.start <= at && at < o.end)) return true;
    }
    return false;
  }

  /** The tenant's windows in progress at `at`: whole tenant, or the ids they cover. */
  activeScope(
    tenantId: string,
    at: number,
  ): { tenantWide: boolean; connectionIds: string[]; integrationIds: string[] } {
    const scope = {
      tenantWide: false,
      connectionIds: [] as string[],
      integrationIds: [] as string[],
    };
    for (const window of this.byTenant.get(tenantId) ?? []) {
      const occurrences =
        at >= this.nearFrom && at < this.nearTo
          ? window.near
          : occurrencesBetween(window.timing, at, at + 1);
      if (!occurrences.some((o) => o.start <= at && at < o.end)) continue;
      if (window.integrationIds.size === 0 && window.connectionIds.size === 0) {
        scope.tenantWide = true;
      }
      scope.connectionIds.push(...window.connectionIds);
      scope.integrationIds.push(...window.integrationIds);
    }
    return scope;
  }
}

const calendars = new WeakMap<Database, MaintenanceCalendar>();

/** The calendar of a database handle (one per process and database). */
export function maintenanceCalendar(db: Database): MaintenanceCalendar {
  let calendar = calendars.get(db);
  if (!calendar) {
    calendar = new MaintenanceCalendar(db);
    calendars.set(db, calendar);
  }
  return calendar;
}

/**
 * Sets `inMaintenance` on outcomes whose check time falls in a window covering the connection
 * (an outcome already flagged stays flagged). Called by recordChecks, so every writer — the
 * pipeline, manual checks, benches — flags the same way.
 */
export async function flagMaintenance<
  T extends {
    tenantId: string;
    connectionId: string;
    inMaintenance?: boolean;
    check: { createdAt: string };
  },
>(db: Database, outcomes: readonly T[]): Promise<(T & { inMaintenance?: boolean })[]> {
  const calendar = maintenanceCalendar(db);
  await calendar.ensureFresh();
  return outcomes.map((o) =>
    o.inMaintenance ||
    !calendar.hasWindows(o.tenantId) ||
    !calendar.isInMaintenance(o.tenantId, o.connectionId, Date.parse(o.check.createdAt))
      ? o
      : { ...o, inMaintenance: true, check: { ...o.check, inMaintenance: true } },
  );
}

/** The tenant's connections in maintenance now, as SQL can test them (for reads and counts). */
export async function activeMaintenanceScope(db: Database, tenantId: string, now: Date) {
  const calendar = maintenanceCalendar(db);
  await calendar.ensureFresh(now.getTime());
  return calendar.activeScope(tenantId, now.getTime());
}
