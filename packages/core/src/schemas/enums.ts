import { z } from 'zod';

export const HealthCheckStatus = z.enum(['healthy', 'degraded', 'unhealthy']);
export type HealthCheckStatus = z.infer<typeof HealthCheckStatus>;

export const HealthCheckType = z.enum(['scheduled', 'manual']);
export type HealthCheckType = z.infer<typeof HealthCheckType>;

export const CredentialStatus = z.enum([
  'active',
  'expiring',
  'expired',
  'missing',
  'needs_reauth',
]);
export type CredentialStatus = z.infer<typeof CredentialStatus>;

export const CircuitBreakerStatus = z.enum(['closed', 'open', 'half_open']);
export type CircuitBreakerStatus = z.infer<typeof CircuitBreakerStatus>;

/**
 * Machine-readable reasons behind a health status, so a badge can explain itself.
 * Each reason belongs to exactly one severity (see `REASON_SEVERITY`).
 */
export const HealthReason = z.enum([
  // degraded
  'credential_expiring',
  'latency_high',
  'latency_above_baseline',
  'breaker_half_open',
  'recent_failures',
  // unhealthy
  'credential_expired',
  'credential_missing',
  'credential_needs_reauth',
  'test_action_failed',
  'breaker_open',
  'recent_failures_exceeded',
]);
export type HealthReason = z.infer<typeof HealthReason>;

export const REASON_SEVERITY: Record<HealthReason, Exclude<HealthCheckStatus, 'healthy'>> = {
  credential_expiring: 'degraded',
  latency_high: 'degraded',
  latency_above_baseline: 'degraded',
  breaker_half_open: 'degraded',
  recent_failures: 'degraded',
  credential_expired: 'unhealthy',
  credential_missing: 'unhealthy',
  credential_needs_reauth: 'unhealthy',
  test_action_failed: 'unhealthy',
  breaker_open: 'unhealthy',
  recent_failures_exceeded: 'unhealthy',
};

/** Normalised error codes recorded on a health check (never a raw upstream body). */
export const CheckErrorCode = z.enum([
  'TIMEOUT',
  'DNS_ERROR',
  'CONNECTION_REFUSED',
  'CONNECTION_RESET',
  'TLS_ERROR',
  'NETWORK_ERROR',
  'HTTP_4XX',
  'HTTP_5XX',
  'UNAUTHORIZED',
  'RATE_LIMITED',
  'TOO_MANY_REDIRECTS',
  'SSRF_BLOCKED',
  'INVALID_URL',
  'CREDENTIALS_EXPIRED',
  'CREDENTIALS_MISSING',
  'CREDENTIALS_NEEDS_REAUTH',
  'CIRCUIT_OPEN',
  'TEST_ACTION_SKIPPED',
]);
export type CheckErrorCode = z.infer<typeof CheckErrorCode>;

export const HttpMethod = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
export type HttpMethod = z.infer<typeof HttpMethod>;

export const IntegrationStatus = z.enum(['active', 'draft']);
export type IntegrationStatus = z.infer<typeof IntegrationStatus>;

export const ConnectionStatus = z.enum(['active', 'disabled']);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const AuthType = z.enum(['bearer', 'api_key', 'basic', 'oauth2', 'none']);
export type AuthType = z.infer<typeof AuthType>;

/** Which of the spec's selection rules picked the test action (see `selectTestAction`). */
export const TestActionRule = z.enum([
  'connection_override',
  'integration_config',
  'health_check_tag',
  'first_safe_get',
  'first_get_needs_params',
  'none',
]);
export type TestActionRule = z.infer<typeof TestActionRule>;
