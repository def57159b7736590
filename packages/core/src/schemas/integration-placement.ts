import { z } from 'zod';

/** Letters, digits, `_`, `.` and `-`: valid as a header name and as a query parameter name. */
export const API_KEY_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Where the API key goes, without the header-name rule (`ApiKeyPlacement` in
 * `integration-input.ts` adds it): the shape responses are parsed with, so an integration stored
 * before the rule stays readable. Kept apart so that reading integrations (the SDK) does not
 * bundle the input rules.
 */
export const ApiKeyPlacementShape = z.strictObject({
  in: z.enum(['header', 'query']),
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(API_KEY_NAME, 'must be a plain header or query parameter name'),
});
