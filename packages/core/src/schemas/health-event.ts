import { z } from 'zod';
import { HealthCheckStatus, HealthReason } from './enums';
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
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
  connectionId: ConnectionId.optional(),
  since: Timestamp.optional(),
});
export type HealthEventListQuery = z.input<typeof HealthEventListQuery>;
