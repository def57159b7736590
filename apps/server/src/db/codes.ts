import type {
  CircuitBreakerStatus,
  CredentialStatus,
  HealthCheckStatus,
  HealthCheckType,
} from '@waygate/health-core';

/**
 * `health_checks` stores its enumerations as smallint codes (2 bytes instead of a text datum) to
 * keep the hot table small. The arrays are append-only: a code's meaning never changes.
 */
export const HEALTH_STATUS_CODES: readonly HealthCheckStatus[] = [
  'healthy',
  'degraded',
  'unhealthy',
];
export const CHECK_TYPE_CODES: readonly HealthCheckType[] = ['scheduled', 'manual'];
export const CREDENTIAL_STATUS_CODES: readonly CredentialStatus[] = [
  'active',
  'expiring',
  'expired',
  'missing',
  'needs_reauth',
];
export const BREAKER_STATUS_CODES: readonly CircuitBreakerStatus[] = [
  'closed',
  'open',
  'half_open',
];

export function encodeCode<T extends string>(codes: readonly T[], value: T): number {
  const index = codes.indexOf(value);
  if (index < 0) throw new Error(`unknown code ${value}`);
  return index;
}

export function decodeCode<T extends string>(codes: readonly T[], value: number): T {
  const decoded = codes[value];
  if (decoded === undefined) throw new Error(`unknown stored code ${value}`);
  return decoded;
}
