import { z } from 'zod';
import { AuthType, IntegrationStatus } from './enums';
import { HealthCheckConfig } from './health-check-config';
import { ApiKeyPlacementShape } from './integration-placement';
import { IntegrationId, Timestamp } from './primitives';

// The request bodies and the api-key header rule live in their own module, so a bundle that only
// reads integrations (the SDK) leaves them out.
export {
  ApiKeyPlacement,
  apiKeyHeaderNameProblem,
  CreateIntegrationInput,
  UpdateIntegrationInput,
} from './integration-input';

export const Integration = z.object({
  id: IntegrationId,
  name: z.string(),
  baseUrl: z.string(),
  status: IntegrationStatus,
  authType: AuthType,
  // Not refined: an integration stored before the header rule must still be readable.
  apiKeyPlacement: ApiKeyPlacementShape.optional(),
  healthCheckConfig: HealthCheckConfig,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Integration = z.infer<typeof Integration>;
