import type {
  CreateMaintenanceWindowInput,
  MaintenanceWindow,
  UpdateMaintenanceWindowInput,
} from '@waygate/health-core';
import { CreateMaintenanceWindowInput as CreateSchema } from '@waygate/health-core';
import { type Database, toIso } from '../../db/database';
import { notFound, parseWith, tenantLimitReached, validationError } from '../../errors';
import { newId, toPublicId } from '../../ids';
import { listPage, publicIds } from '../../services/pagination';
import { deleteTenantRow, getTenantRow, type TenantTable } from '../../services/tenant-rows';
import { resolveTenantIds } from '../tenant-ids';
import { maintenanceCalendar, timingOf, type WindowRow } from './maintenance-calendar';
import { currentOrNextOccurrence, rruleProblem } from './recurrence';
import { startOfDay } from './zoned-time';

interface StoredWindow extends WindowRow {
  name: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, tenant_id, name, starts_at, ends_at, rrule, duration_minutes, time_zone,
  integration_ids, connection_ids, created_at, updated_at`;
const WINDOWS: TenantTable = {
  table: 'maintenance_windows',
  kind: 'maintenanceWindow',
  what: 'Maintenance window',
};
/** Each window is evaluated for every check of its tenant: the cap bounds that work. */
export const MAX_WINDOWS_PER_TENANT = 50;

export function toMaintenanceWindow(row: StoredWindow, now: Date): MaintenanceWindow {
  const occurrence = currentOrNextOccurrence(timingOf(row), now.getTime());
  return {
    id: toPublicId('maintenanceWindow', row.id),
    name: row.name,
    startsAt: toIso(row.starts_at) ?? null,
    endsAt: toIso(row.ends_at) ?? null,
    rrule: row.rrule,
    durationMinutes: row.duration_minutes,
    timeZone: row.time_zone,
    scope: {
      integrationIds: row.integration_ids.map((id) => toPublicId('integration', id)),
      connectionIds: row.connection_ids.map((id) => toPublicId('connection', id)),
    },
    active: occurrence !== null && occurrence.start <= now.getTime(),
    nextOccurrence: occurrence
      ? {
          startsAt: new Date(occurrence.start).toISOString(),
          endsAt: new Date(occurrence.end).toISOString(),
        }
      : null,
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

interface WindowValues {
  name: string;
  startsAt: Date;
  endsAt: Date | null;
  rrule: string | null;
  durationMinutes: number | null;
  timeZone: string | null;
  integrationIds: string[];
  connectionIds: string[];
}

/** A window's values in the order of its columns name … connection_ids (INSERT and UPDATE). */
const storedColumns = (values: WindowValues) => [
  values.name,
  values.startsAt,
  values.endsAt,
  values.rrule,
  values.durationMinutes,
  values.timeZone,
  values.integrationIds,
  values.connectionIds,
];

/** Validated input → stored values: the rule parsed, a recurring start defaulted, ids resolved. */
async function windowValues(
  db: Database,
  tenantId: string,
  input: ReturnType<typeof CreateSchema.parse>,
  now: Date,
): Promise<WindowValues> {
  let rrule: string | null = null;
  let startsAt: Date;
  if (input.rrule !== undefined) {
    const problem = rruleProblem(input.rrule);
    if (problem) throw validationError('rrule', problem);
    rrule = input.rrule.replace(/^RRULE:/i, '').trim();
    // Without startsAt, a rule starts at midnight (in its zone) of the day it is saved, so
    // unspecified BYHOUR/BYMINUTE/BYSECOND mean 00:00:00, not the second the request came in.
    startsAt = new Date(
      input.startsAt ? Date.parse(input.startsAt) : startOfDay(now.getTime(), input.timeZone!),
    );
  } else {
    startsAt = new Date(input.startsAt!);
  }
  return {
    name: input.name,
    startsAt,
    endsAt: input.endsAt ? new Date(input.endsAt) : null,
    rrule,
    durationMinutes: input.durationMinutes ?? null,
    timeZone: input.timeZone ?? null,
    integrationIds: await resolveTenantIds(
      db,
      tenantId,
      'integration',
      input.scope?.integrationIds,
      'scope.integrationIds',
    ),
    connectionIds: await resolveTenantIds(
      db,
      tenantId,
      'connection',
      input.scope?.connectionIds,
      'scope.connectionIds',
    ),
  };
}

export async function createMaintenanceWindow(
  db: Database,
  tenantId: string,
  input: CreateMaintenanceWindowInput,
  now: Date,
): Promise<MaintenanceWindow> {
  const values = await windowValues(db, tenantId, parseWith(CreateSchema, input), now);
  const { uuid } = newId('maintenanceWindow', now);
  const { rows } = await db.query<StoredWindow>(
    `INSERT INTO maintenance_windows (id, tenant_id, name, starts_at, ends_at, rrule,
       duration_minutes, time_zone, integration_ids, connection_ids, created_at, updated_at)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11
      WHERE (SELECT count(*) FROM maintenance_windows WHERE tenant_id = $2) < $12
     RETURNING ${COLUMNS}`,
    [uuid, tenantId, ...storedColumns(values), now, MAX_WINDOWS_PER_TENANT],
  );
  const row = rows[0];
  if (!row) {
    throw tenantLimitReached('maintenance windows', MAX_WINDOWS_PER_TENANT, 'name');
  }
  maintenanceCalendar(db).invalidate();
  return toMaintenanceWindow(row, now);
}

export async function getMaintenanceWindowRow(
  db: Database,
  tenantId: string,
  publicId: string,
): Promise<StoredWindow> {
  return getTenantRow<StoredWindow>(db, WINDOWS, COLUMNS, tenantId, publicId);
}

export async function listMaintenanceWindows(
  db: Database,
  tenantId: string,
  query: { limit: number; cursor?: string },
  now: Date,
) {
  return listPage(db, {
    select: COLUMNS,
    from: 'maintenance_windows',
    where: ['tenant_id = $1'],
    params: [tenantId],
    query,
    ids: publicIds('maintenanceWindow'),
    toItem: (row: StoredWindow) => toMaintenanceWindow(row, now),
  });
}

/**
 * Applies the fields given (null clears) to the current window and validates the result as a
 * whole, so a one-off window can become recurring by sending `rrule`, `durationMinutes`,
 * `timeZone` and `endsAt: null`.
 */
export async function updateMaintenanceWindow(
  db: Database,
  tenantId: string,
  current: StoredWindow,
  input: UpdateMaintenanceWindowInput,
  now: Date,
): Promise<MaintenanceWindow> {
  const pick = <T>(given: T | null | undefined, stored: T | null): T | undefined =>
    given === undefined ? (stored ?? undefined) : (given ?? undefined);
  const merged = {
    name: input.name ?? current.name,
    startsAt: pick(input.startsAt, toIso(current.starts_at) ?? null),
    endsAt: pick(input.endsAt, toIso(current.ends_at) ?? null),
    rrule: pick(input.rrule, current.rrule),
    durationMinutes: pick(input.durationMinutes, current.duration_minutes),
    timeZone: pick(input.timeZone, current.time_zone),
    scope: input.scope ?? {
      integrationIds: current.integration_ids.map((id) => toPublicId('integration', id)),
      connectionIds: current.connection_ids.map((id) => toPublicId('connection', id)),
    },
  };
  const values = await windowValues(db, tenantId, parseWith(CreateSchema, merged), now);
  const { rows } = await db.query<StoredWindow>(
    `UPDATE maintenance_windows SET name = $3, starts_at = $4, ends_at = $5, rrule = $6,
       duration_minutes = $7, time_zone = $8, integration_ids = $9, connection_ids = $10,
       updated_at = $11
     WHERE id = $1 AND tenant_id = $2 RETURNING ${COLUMNS}`,
    [current.id, tenantId, ...storedColumns(values), now],
  );
  if (!rows[0]) throw notFound('Maintenance window', 'id');
  maintenanceCalendar(db).invalidate();
  return toMaintenanceWindow(rows[0], now);
}

export async function deleteMaintenanceWindow(
  db: Database,
  tenantId: string,
  publicId: string,
): Promise<void> {
  await deleteTenantRow(db, WINDOWS, tenantId, publicId);
  maintenanceCalendar(db).invalidate();
}
