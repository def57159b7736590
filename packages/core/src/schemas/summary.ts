import { z } from 'zod';
import { HealthCheckStatus } from './enums';
import { ConnectionId, Timestamp } from './primitives';

/** Query string of `GET /health-checks/summary`: how many connections to list, unhealthy first. */
export const SummaryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(100),
});
export type SummaryQuery = z.input<typeof SummaryQuery>;

/** `GET /health-checks/summary`, the spec's tenant-wide shape. */
export const HealthSummaryConnection = z.object({
  id: ConnectionId,
  name: z.string(),
  integrationName: z.string(),
  /**
   * For a connection never checked (`lastCheckAt: null`) this is the stored default
   * (`healthy`), not a check result: read `lastCheckAt` first.
   */
  healthStatus: HealthCheckStatus,
  /** Null when the connection was never checked. */
  lastCheckAt: Timestamp.nullable(),
  /** A human sentence for the latest failure ("Credentials expired"); only when not healthy. */
  error: z.string().optional(),
});
export type HealthSummaryConnection = z.infer<typeof HealthSummaryConnection>;

export const HealthSummary = z.object({
  /** Every connection: `neverChecked + healthy + degraded + unhealthy`. */
  totalConnections: z.int().min(0),
  /** `healthy`, `degraded` and `unhealthy` count only connections that have been checked. */
  healthy: z.int().min(0),
  degraded: z.int().min(0),
  unhealthy: z.int().min(0),
  /** Connections never checked (`lastHealthCheckAt` absent): counted in no status. */
  neverChecked: z.int().min(0),
  /** Connections a maintenance window covers right now (also counted in their status). */
  inMaintenance: z.int().min(0).optional(),
  lastCheckAt: Timestamp.nullable(),
  /** Percentage of checks in the last 24 h that were not unhealthy; null without data. */
  uptimeLast24h: z.number().min(0).max(100).nullable(),
  /**
   * Unhealthy first, then degraded, then healthy, most recently checked first (never-checked
   * connections last, with `lastCheckAt: null`); capped by `?limit=` (default 100).
   */
  connections: z.array(HealthSummaryConnection),
});
export type HealthSummary = z.infer<typeof HealthSummary>;
