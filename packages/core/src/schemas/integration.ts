import { z } from 'zod';
import { AuthType, IntegrationStatus } from './enums';
import { HealthCheckConfig } from './health-check-config';
import { IntegrationId, Timestamp } from './primitives';

export const ApiKeyPlacement = z.strictObject({
  in: z.enum(['header', 'query']),
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, 'must be a plain header or query parameter name'),
});
export type ApiKeyPlacement = z.infer<typeof ApiKeyPlacement>;

const BaseUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);

/** Body of `POST /integrations`. */
export const CreateIntegrationInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    baseUrl: BaseUrl,
    status: IntegrationStatus.default('active'),
    authType: AuthType,
    apiKeyPlacement: ApiKeyPlacement.optional(),
    healthCheckConfig: HealthCheckConfig.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.authType === 'api_key' && !value.apiKeyPlacement) {
      ctx.addIssue({
        code: 'custom',
        path: ['apiKeyPlacement'],
        message: 'required when authType is api_key',
      });
    }
    if (value.authType !== 'api_key' && value.apiKeyPlacement) {
      ctx.addIssue({
        code: 'custom',
        path: ['apiKeyPlacement'],
        message: 'only allowed when authType is api_key',
      });
    }
  });
export type CreateIntegrationInput = z.input<typeof CreateIntegrationInput>;

/** Body of `PATCH /integrations/:id`: every field optional, `healthCheckConfig` merged. */
export const UpdateIntegrationInput = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  baseUrl: BaseUrl.optional(),
  status: IntegrationStatus.optional(),
  authType: AuthType.optional(),
  apiKeyPlacement: ApiKeyPlacement.nullable().optional(),
  healthCheckConfig: z
    .strictObject({
      enabled: z.boolean().optional(),
      intervalMinutes: HealthCheckConfig.shape.intervalMinutes.removeDefault().optional(),
      testActionId: HealthCheckConfig.shape.testActionId,
      alertAfterChecks: HealthCheckConfig.shape.alertAfterChecks,
    })
    .optional(),
});
export type UpdateIntegrationInput = z.input<typeof UpdateIntegrationInput>;

export const Integration = z.object({
  id: IntegrationId,
  name: z.string(),
  baseUrl: z.string(),
  status: IntegrationStatus,
  authType: AuthType,
  apiKeyPlacement: ApiKeyPlacement.optional(),
  healthCheckConfig: HealthCheckConfig,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Integration = z.infer<typeof Integration>;
