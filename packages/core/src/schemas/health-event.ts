import { z } from 'zod';
import { HealthCheckStatus, HealthReason } from './enums';
import { pageFields } from './envelope';
import { ConnectionId, HealthCheckId, HealthEventId, Timestamp } from './primitives';

/** A change of a connection's health status (`fromStatus` is null on its first check). */
export const HealthEvent = z.object({
  id: HealthEventId,
  connectionId: ConnectionId,
  connectionName: z.string(),
  healthCheckId: HealthCheckId.optional(),
  fromStatus: HealthCheckStatus.nullable(),
  toStatus: HealthCheckStatus,
  reasons: z.array(HealthReason),
  createdAt: Timestamp,
});
export type HealthEvent = z.infer<typeof HealthEvent>;

export const HealthEventListQuery = z.strictObject({
  ...pageFields(20),
  connectionId: ConnectionId.optional(),
  since: Timestamp.optional(),
});
export type HealthEventListQuery = z.input<typeof HealthEventListQuery>;
