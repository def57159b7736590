import { z } from 'zod';
import { ConnectionId, Timestamp } from './primitives';

export const UptimeWindow = z.enum(['24h', '7d', '30d']);
export type UptimeWindow = z.infer<typeof UptimeWindow>;

/** Query string of `GET /connections/:id/uptime`. */
export const UptimeQuery = z.strictObject({ window: UptimeWindow.default('24h') });
export type UptimeQuery = z.input<typeof UptimeQuery>;

/** `GET /connections/:id/uptime?window=24h|7d|30d`. */
export const Uptime = z.object({
  connectionId: ConnectionId,
  window: UptimeWindow,
  from: Timestamp,
  to: Timestamp,
  /** Percentage of checks that were not unhealthy, to 0.01; null when there were no checks. */
  uptimePercent: z.number().min(0).max(100).nullable(),
  totalChecks: z.int().min(0),
  healthy: z.int().min(0),
  degraded: z.int().min(0),
  unhealthy: z.int().min(0),
});
export type Uptime = z.infer<typeof Uptime>;

export const LatencyBucketSize = z.enum(['hour', 'day']);
export type LatencyBucketSize = z.infer<typeof LatencyBucketSize>;

export const LatencyQuery = z.strictObject({
  bucket: LatencyBucketSize.default('hour'),
  window: UptimeWindow.default('24h'),
});

export const LatencyPoint = z.object({
  bucketStart: Timestamp,
  count: z.int().min(0),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
});
export type LatencyPoint = z.infer<typeof LatencyPoint>;

/** `GET /connections/:id/latency?bucket=hour|day&window=…`: test-action latency per bucket. */
export const LatencySeries = z.object({
  connectionId: ConnectionId,
  bucket: LatencyBucketSize,
  window: UptimeWindow,
  points: z.array(LatencyPoint),
});
export type LatencySeries = z.infer<typeof LatencySeries>;
