import { OpenAPIHono, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import { ErrorEnvelope } from '@waygate/health-core';
import type { Env, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { AppError, validationFailure } from '../errors';
import type { AppEnv } from './app-env';
import { readJson } from './validation';

/**
 * How routes are declared: each one is a `createRoute` object (method, path, operationId,
 * security, request schemas, responses) mounted with `openApiRoute`, so the same object validates
 * the request and documents it in `/api/v1/openapi.json`. /work/notes/17-route-pattern.md and the
 * server README ("Adding a route") show a whole route file.
 */

/** Declared security of an operation: a tenant API key, the cron secret, or none (public). */
export const SECURITY = {
  apiKey: [{ apiKey: [] }],
  cronSecret: [{ cronSecret: [] }],
  public: [],
} as const satisfies Record<string, RouteConfig['security']>;

/**
 * A router whose query, path and header validation failures go through our error envelope
 * (400 VALIDATION_ERROR naming the field) instead of @hono/zod-openapi's default answer.
 */
export function apiRouter<E extends Env = AppEnv>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>({
    defaultHook: (result, c) => {
      // A key given twice arrives as an array: say so instead of "expected string".
      if (result.target === 'query') {
        for (const [key, values] of Object.entries(c.req.queries())) {
          if (values.length > 1) {
            throw new AppError('VALIDATION_ERROR', `${key}: given more than once`, {
              field: key,
              issues: [{ field: key, message: 'given more than once' }],
            });
          }
        }
      }
      if (!result.success) throw validationFailure(result.error);
    },
  });
}

/** `request.body` of a route: a JSON object validated by `schema` (optional body: `{}`). */
export function jsonBody<S extends z.ZodType>(schema: S, options: { required?: boolean } = {}) {
  return {
    required: options.required ?? true,
    content: { 'application/json': { schema } },
  };
}

/** A JSON response of a route. */
export function jsonResponse<S extends z.ZodType>(schema: S, description = 'OK') {
  return { description, content: { 'application/json': { schema } } };
}

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input (VALIDATION_ERROR, INVALID_JSON, INVALID_CURSOR) naming the field at fault',
  401: 'Missing or invalid credentials (UNAUTHORIZED)',
  404: 'Not found (NOT_FOUND; ids of other tenants included)',
  409: 'Conflict with the current state (CONFLICT)',
  413: 'Body larger than 64 KiB (PAYLOAD_TOO_LARGE)',
  415: 'Body not sent as application/json (UNSUPPORTED_MEDIA_TYPE)',
  429: 'Too many requests (RATE_LIMITED, TOO_MANY_AUTH_FAILURES), with Retry-After',
  503: 'Disabled or unavailable (ENDPOINT_DISABLED, DATABASE_UNAVAILABLE), with Retry-After',
} as const;

/** Error responses (our envelope) for the given statuses. */
export function errorResponses<S extends keyof typeof ERROR_DESCRIPTIONS>(...statuses: S[]) {
  const responses = {} as Record<S, ReturnType<typeof jsonResponse<typeof ErrorEnvelope>>>;
  for (const status of statuses) {
    responses[status] = jsonResponse(ErrorEnvelope, ERROR_DESCRIPTIONS[status]);
  }
  return responses;
}

type JsonBodyOf<R extends RouteConfig> = R extends {
  request: { body: { content: { 'application/json': { schema: infer S extends z.ZodType } } } };
}
  ? S
  : undefined;

/**
 * Mounts a `createRoute` object on `app`: it is documented as declared, its query/path are
 * validated by @hono/zod-openapi (errors via `apiRouter`'s hook), and its JSON body is read by
 * our hardened reader (`readJson`: 64 KiB, UTF-8, nesting depth, NUL and lone surrogates, 415 for
 * other media types) and validated with the route's own schema, after the route's middleware —
 * so a middleware that loads `:id` answers 404 before a bad body is judged. The handler reads it
 * with `c.req.valid('json')` as usual.
 */
export function openApiRoute<R extends RouteConfig, E extends Env = AppEnv>(
  app: OpenAPIHono<E>,
  route: R,
  handler: RouteHandler<R, E>,
): void {
  const { middleware, ...documented } = route;
  app.openAPIRegistry.registerPath(documented);
  const body = route.request?.body;
  const schema = (body?.content['application/json'] as { schema?: z.ZodType } | undefined)
    ?.schema as JsonBodyOf<R>;
  const readBody: MiddlewareHandler[] = schema
    ? [
        async (c, next) => {
          const value = await readJson(c, schema, { allowEmpty: !body?.required });
          c.req.addValidatedData('json', value as object);
          await next();
        },
      ]
    : [];
  const routeMiddleware = middleware ? (Array.isArray(middleware) ? middleware : [middleware]) : [];
  // Mounted undocumented (`hide`) and without `body`: the registry has the full route above, and
  // @hono/zod-openapi's own JSON reader would answer malformed or non-JSON bodies differently.
  app.openapi(
    {
      ...route,
      hide: true,
      request: route.request ? { ...route.request, body: undefined } : undefined,
      middleware: [...routeMiddleware, ...readBody],
    } as R,
    handler,
  );
}
