import { z } from 'zod';
import { ConnectionId, IntegrationId, prefixedId, Timestamp } from './primitives';

export const MaintenanceWindowId = prefixedId('maintenanceWindow');

/** An IANA time zone the runtime knows (`Europe/Berlin`, `UTC`). */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin');

/** Empty (or absent) lists: the whole tenant. Otherwise a connection in either list. */
export const MaintenanceScope = z.strictObject({
  integrationIds: z.array(IntegrationId).max(100, 'at most 100 ids').optional(),
  connectionIds: z.array(ConnectionId).max(100, 'at most 100 ids').optional(),
});
export type MaintenanceScope = z.input<typeof MaintenanceScope>;

/** 1 minute to 7 days: a longer "maintenance" is an outage to be told about. */
const DurationMinutes = z
  .int()
  .min(1)
  .max(7 * 24 * 60);
const Name = z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters');
/**
 * One RRULE line (RFC 5545), e.g. `FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0`, read as wall-clock
 * time in `timeZone`. The server parses it with the `rrule` library; DTSTART and TZID belong in
 * `startsAt` and `timeZone`, not in the rule.
 */
const Rrule = z.string().trim().min(1).max(500);

/**
 * A one-off window (`startsAt` + `endsAt`) or a recurring one (`rrule` + `durationMinutes` +
 * `timeZone`, optionally `startsAt`: the first occurrence is not before it; default: midnight
 * of the day it is created, in `timeZone`).
 */
export const CreateMaintenanceWindowInput = z
  .strictObject({
    name: Name,
    startsAt: Timestamp.optional(),
    endsAt: Timestamp.optional(),
    rrule: Rrule.optional(),
    durationMinutes: DurationMinutes.optional(),
    timeZone: TimeZone.optional(),
    scope: MaintenanceScope.optional(),
  })
  .superRefine((value, ctx) => {
    const need = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    if (value.rrule === undefined) {
      if (value.startsAt === undefined) need('startsAt', 'required for a one-off window');
      if (value.endsAt === undefined) need('endsAt', 'required for a one-off window');
      if (value.durationMinutes !== undefined) need('durationMinutes', 'only with rrule');
      if (value.timeZone !== undefined) need('timeZone', 'only with rrule');
      if (value.startsAt && value.endsAt && Date.parse(value.endsAt) <= Date.parse(value.startsAt))
        need('endsAt', 'must be after startsAt');
      if (
        value.startsAt &&
        value.endsAt &&
        Date.parse(value.endsAt) - Date.parse(value.startsAt) > 31 * 24 * 3_600_000
      )
        need('endsAt', 'a one-off window lasts at most 31 days');
    } else {
      if (value.durationMinutes === undefined) need('durationMinutes', 'required with rrule');
      if (value.timeZone === undefined) need('timeZone', 'required with rrule');
      if (value.endsAt !== undefined) need('endsAt', 'not with rrule (use durationMinutes)');
    }
  });
export type CreateMaintenanceWindowInput = z.input<typeof CreateMaintenanceWindowInput>;

/** Replaces the fields given; the result must still be a valid one-off or recurring window. */
export const UpdateMaintenanceWindowInput = z.strictObject({
  name: Name.optional(),
  startsAt: Timestamp.nullable().optional(),
  endsAt: Timestamp.nullable().optional(),
  rrule: Rrule.nullable().optional(),
  durationMinutes: DurationMinutes.nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
  scope: MaintenanceScope.optional(),
});
export type UpdateMaintenanceWindowInput = z.input<typeof UpdateMaintenanceWindowInput>;

export const MaintenanceOccurrence = z.object({ startsAt: Timestamp, endsAt: Timestamp });
export type MaintenanceOccurrence = z.infer<typeof MaintenanceOccurrence>;

export const MaintenanceWindow = z.object({
  id: MaintenanceWindowId,
  name: z.string(),
  /** One-off: its bounds. Recurring: `startsAt` is the rule's start, `endsAt` null. */
  startsAt: Timestamp.nullable(),
  endsAt: Timestamp.nullable(),
  rrule: z.string().nullable(),
  durationMinutes: z.int().nullable(),
  timeZone: z.string().nullable(),
  scope: z.object({
    integrationIds: z.array(IntegrationId),
    connectionIds: z.array(ConnectionId),
  }),
  /** True while an occurrence is in progress. */
  active: z.boolean(),
  /** The occurrence in progress, else the next one; null when none is left. */
  nextOccurrence: MaintenanceOccurrence.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;
