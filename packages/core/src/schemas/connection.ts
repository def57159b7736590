import { z } from 'zod';
import {
  CircuitBreakerStatus,
  ConnectionStatus,
  CredentialStatus,
  HealthCheckStatus,
  HealthReason,
  TestActionRule,
} from './enums';
import { pageFields } from './envelope';
import { HealthCheck } from './health-check';
import { ActionId, ConnectionId, HealthCheckId, IntegrationId, Timestamp } from './primitives';

const Secret = z.string().min(1).max(8192);

/** Write-only credentials: accepted by create/update, never returned by any endpoint. */
export const CredentialsInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bearer'), token: Secret }),
  z.strictObject({ type: z.literal('api_key'), key: Secret }),
  z.strictObject({
    type: z.literal('basic'),
    username: z.string().min(1).max(1024),
    password: Secret,
  }),
  z.strictObject({
    type: z.literal('oauth2'),
    accessToken: Secret,
    refreshToken: Secret.optional(),
    expiresAt: Timestamp.optional(),
  }),
]);
export type CredentialsInput = z.infer<typeof CredentialsInput>;
export type CredentialType = CredentialsInput['type'];

/** Body of `POST /connections`. */
export const CreateConnectionInput = z.strictObject({
  integrationId: IntegrationId,
  name: z.string().trim().min(1).max(200),
  status: ConnectionStatus.default('active'),
  credentials: CredentialsInput.optional(),
  healthCheckTestActionId: ActionId.nullable().optional(),
});
export type CreateConnectionInput = z.input<typeof CreateConnectionInput>;

/** Body of `PATCH /connections/:id`; `credentials: null` removes them. */
export const UpdateConnectionInput = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  status: ConnectionStatus.optional(),
  credentials: CredentialsInput.nullable().optional(),
  healthCheckTestActionId: ActionId.nullable().optional(),
});
export type UpdateConnectionInput = z.input<typeof UpdateConnectionInput>;

/** A connection with the spec's health fields; credentials appear only as type and status. */
export const Connection = z.object({
  id: ConnectionId,
  integrationId: IntegrationId,
  integrationName: z.string(),
  name: z.string(),
  status: ConnectionStatus,
  credentialType: z.enum(['bearer', 'api_key', 'basic', 'oauth2']).optional(),
  credentialStatus: CredentialStatus,
  credentialExpiresAt: Timestamp.optional(),
  healthStatus: HealthCheckStatus,
  healthReasons: z.array(HealthReason),
  lastHealthCheckAt: Timestamp.optional(),
  lastHealthCheckId: HealthCheckId.optional(),
  healthCheckTestActionId: ActionId.optional(),
  circuitBreakerStatus: CircuitBreakerStatus,
  consecutiveFailures: z.int().min(0),
  /** True while a maintenance window covering this connection is in progress (reads only). */
  inMaintenance: z.boolean().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Connection = z.infer<typeof Connection>;

/** `GET /connections/:id`: the connection plus its health summary and last check. */
export const ConnectionDetail = Connection.extend({
  healthSummary: z.object({
    status: HealthCheckStatus,
    reasons: z.array(HealthReason),
    uptimeLast24h: z.number().min(0).max(100).nullable(),
    uptimeLast7d: z.number().min(0).max(100).nullable(),
    testAction: z
      .object({
        id: ActionId,
        name: z.string(),
        method: z.string(),
        path: z.string(),
        rule: TestActionRule,
      })
      .nullable(),
  }),
  lastHealthCheck: HealthCheck.nullable(),
});
export type ConnectionDetail = z.infer<typeof ConnectionDetail>;

export const ConnectionListQuery = z.strictObject({
  ...pageFields(50),
  healthStatus: HealthCheckStatus.optional(),
  integrationId: IntegrationId.optional(),
});
export type ConnectionListQuery = z.input<typeof ConnectionListQuery>;
