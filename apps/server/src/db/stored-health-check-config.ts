import { HealthCheckConfig } from '@waygate/health-core';

/**
 * An integration's stored `health_check_config` jsonb → API shape; anything odd in the jsonb falls
 * back to the defaults per field. Read by the integration service and the runner's check context.
 */
export function readHealthCheckConfig(value: unknown): HealthCheckConfig {
  const parsed = HealthCheckConfig.safeParse(value ?? {});
  return parsed.success ? parsed.data : HealthCheckConfig.parse({});
}
