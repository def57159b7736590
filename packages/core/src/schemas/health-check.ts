import { z } from 'zod';
import {
  CheckErrorCode,
  CircuitBreakerStatus,
  CredentialStatus,
  HealthCheckStatus,
  HealthCheckType,
} from './enums';
import { pageFields } from './envelope';
import { ActionId, ConnectionId, HealthCheckId, TenantId, Timestamp } from './primitives';

/** `{ code, message, statusCode? }`: what a check records instead of an upstream body. */
export const CheckError = z.strictObject({
  code: CheckErrorCode,
  message: z.string().max(500),
  statusCode: z.int().min(100).max(599).optional(),
});
export type CheckError = z.infer<typeof CheckError>;

const LatencyMs = z.int().min(0).max(86_400_000);

/**
 * One stored health check, field for field the spec's `HealthCheck` entity.
 * Fields without a value are omitted from JSON, as in the spec's examples.
 */
export const HealthCheck = z.object({
  id: HealthCheckId,
  connectionId: ConnectionId,
  tenantId: TenantId,
  status: HealthCheckStatus,
  checkType: HealthCheckType,
  credentialStatus: CredentialStatus,
  credentialExpiresAt: Timestamp.optional(),
  testActionId: ActionId.optional(),
  testActionSuccess: z.boolean().optional(),
  testActionLatencyMs: LatencyMs.optional(),
  testActionStatusCode: z.int().min(100).max(599).optional(),
  testActionError: CheckError.optional(),
  circuitBreakerStatus: CircuitBreakerStatus,
  latencyMs: LatencyMs,
  error: CheckError.optional(),
  /** True when taken during a maintenance window: stored, but counted in no uptime and alerting nothing. */
  inMaintenance: z.boolean().optional(),
  createdAt: Timestamp,
});
export type HealthCheck = z.infer<typeof HealthCheck>;

/** Query string of `GET /connections/:id/health-checks`. */
export const HealthCheckListQuery = z.strictObject({
  ...pageFields(20),
  status: HealthCheckStatus.optional(),
  checkType: HealthCheckType.optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
});
export type HealthCheckListQuery = z.input<typeof HealthCheckListQuery>;
