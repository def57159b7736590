import { z } from 'zod';

export const Pagination = z.object({
  hasMore: z.boolean(),
  /** Opaque: pass it back as `?cursor=` for the next page; null on the last page. */
  cursor: z.string().nullable(),
});
export type Pagination = z.infer<typeof Pagination>;

/**
 * `limit` (1–100) and the opaque `cursor` of every list query; lists differ only in their
 * default page size. Spread into a query schema: `z.strictObject({ ...pageFields(20), … })`.
 */
export const pageFields = (defaultLimit: number) => ({
  limit: z.coerce.number().int().min(1).max(100).default(defaultLimit),
  cursor: z.string().min(1).max(512).optional(),
});

/** Query string of the lists without filters (integrations, actions, webhooks). */
export const PageQuery = z.strictObject(pageFields(50));
export type PageQuery = z.input<typeof PageQuery>;

export const successEnvelope = <T extends z.ZodType>(data: T) =>
  z.object({ success: z.literal(true), data });

export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({ success: z.literal(true), data: z.array(item), pagination: Pagination });

/** Stable error codes of the HTTP API; clients branch on these, never on messages. */
export const API_ERROR_CODES = [
  'VALIDATION_ERROR',
  'INVALID_JSON',
  'INVALID_CURSOR',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'RATE_LIMITED',
  /** 429: too many failed API-key or cron-secret attempts from this client address. */
  'TOO_MANY_AUTH_FAILURES',
  'ENDPOINT_DISABLED',
  'DATABASE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const FieldIssue = z.object({ field: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ApiErrorBody = z.object({
  /** One of `API_ERROR_CODES`; typed as string so a newer server never breaks an older client. */
  code: z.string(),
  message: z.string(),
  details: z
    .object({
      /** The first field at fault, dotted (`healthCheckConfig.intervalMinutes`). */
      field: z.string().optional(),
      issues: z.array(FieldIssue).optional(),
      retryAfterSeconds: z.number().optional(),
    })
    .catchall(z.unknown())
    .optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const ErrorEnvelope = z.object({ success: z.literal(false), error: ApiErrorBody });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
