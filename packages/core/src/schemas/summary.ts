import { z } from 'zod';
import { HealthCheckStatus } from './enums';
import { ConnectionId, Timestamp } from './primitives';

/** `GET /health-checks/summary`, the spec's tenant-wide shape. */
export const HealthSummaryConnection = z.object({
  id: ConnectionId,
  name: z.string(),
  integrationName: z.string(),
  healthStatus: HealthCheckStatus,
  lastCheckAt: Timestamp.nullable(),
  /** A human sentence for the latest failure ("Credentials expired"); only when not healthy. */
  error: z.string().optional(),
});
export type HealthSummaryConnection = z.infer<typeof HealthSummaryConnection>;

export const HealthSummary = z.object({
  totalConnections: z.int().min(0),
  healthy: z.int().min(0),
  degraded: z.int().min(0),
  unhealthy: z.int().min(0),
  lastCheckAt: Timestamp.nullable(),
  /** Percentage of checks in the last 24 h that were not unhealthy; null without data. */
  uptimeLast24h: z.number().min(0).max(100).nullable(),
  /** Unhealthy first, then degraded, then healthy; capped by `?limit=` (default 100). */
  connections: z.array(HealthSummaryConnection),
});
export type HealthSummary = z.infer<typeof HealthSummary>;
