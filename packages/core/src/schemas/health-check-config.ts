import { z } from 'zod';
import { ActionId } from './primitives';

export const MIN_INTERVAL_MINUTES = 1;
/** One week: longer than that and "continuous" testing stops meaning anything. */
export const MAX_INTERVAL_MINUTES = 10_080;

export const MAX_ALERT_AFTER_CHECKS = 20;

/** `integrations.health_check_config`; unknown keys are an error, not silently dropped. */
export const HealthCheckConfig = z.strictObject({
  enabled: z.boolean().default(true),
  intervalMinutes: z.int().min(MIN_INTERVAL_MINUTES).max(MAX_INTERVAL_MINUTES).default(15),
  testActionId: ActionId.nullable().optional(),
  /**
   * Anti-flapping: a new status must hold for this many consecutive checks before a state-change
   * event (and webhook) fires. Absent means 1: every change alerts, as the spec describes.
   */
  alertAfterChecks: z.int().min(1).max(MAX_ALERT_AFTER_CHECKS).optional(),
  /**
   * Baseline-relative latency: a check whose test action is slower than both `floorMs` and
   * `multiplier` × the connection's own 7-day p95 is degraded (`latency_above_baseline`). Off
   * unless enabled; the absolute 2 s rule (`latency_high`) applies either way.
   */
  latencyBaseline: z
    .strictObject({
      enabled: z.boolean().default(false),
      multiplier: z.number().min(1).max(100).default(3),
      floorMs: z.int().min(0).max(600_000).default(500),
    })
    .optional(),
});
export type HealthCheckConfig = z.infer<typeof HealthCheckConfig>;
export type HealthCheckConfigInput = z.input<typeof HealthCheckConfig>;

export const DEFAULT_HEALTH_CHECK_CONFIG: HealthCheckConfig = Object.freeze({
  enabled: true,
  intervalMinutes: 15,
});
