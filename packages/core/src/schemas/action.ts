import { z } from 'zod';
import { HttpMethod } from './enums';
import { ActionId, IntegrationId, Timestamp } from './primitives';

export const ActionParameter = z.strictObject({
  name: z.string().min(1).max(100),
  in: z.enum(['path', 'query']),
  required: z.boolean().default(false),
});
export type ActionParameter = z.infer<typeof ActionParameter>;

/** Body of `POST /integrations/:id/actions`. */
export const CreateActionInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  method: HttpMethod,
  path: z.string().min(1).max(2048).regex(/^\//, 'must start with "/"'),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  parameters: z.array(ActionParameter).max(50).default([]),
});
export type CreateActionInput = z.input<typeof CreateActionInput>;

export const Action = z.object({
  id: ActionId,
  integrationId: IntegrationId,
  name: z.string(),
  method: HttpMethod,
  path: z.string(),
  tags: z.array(z.string()),
  parameters: z.array(ActionParameter),
  createdAt: Timestamp,
});
export type Action = z.infer<typeof Action>;

/** The tag that marks an action as the preferred health-check action. */
export const HEALTH_CHECK_TAG = 'health-check';
