import { z } from 'zod';
import { AuthType, IntegrationStatus } from './enums';
import { HealthCheckConfig } from './health-check-config';
import { API_KEY_NAME, ApiKeyPlacementShape } from './integration-placement';

/**
 * Header names that must never carry the API key, lower-case. Hop-by-hop and framing headers
 * (`Connection`, `Transfer-Encoding`, `TE`, …) change how the request is sent or cut; routing
 * headers (`Host`, `Forwarded`, `X-Forwarded-*`, method overrides) change where or what it is;
 * `Cookie`, `Accept*` and `User-Agent` are headers a client sets itself and may send to another
 * origin; the key would land in any of them. `Authorization` is allowed: with `authType: api_key`
 * it is the only credential header sent, and many APIs want a raw key there
 * (`Authorization: <key>`), so it cannot clash with the bearer/basic/oauth2 types.
 */
const FORBIDDEN_API_KEY_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'cookie',
  'set-cookie',
  'user-agent',
  'expect',
  'forwarded',
  'via',
  'origin',
  'referer',
  'range',
  'max-forwards',
  'x-real-ip',
  'x-http-method',
  'x-http-method-override',
  'x-method-override',
]);
/** Prefixes refused the same way: `Content-*`, `Proxy-*`, `Accept*`, `X-Forwarded-*`. */
const FORBIDDEN_API_KEY_HEADER_PREFIXES = ['content-', 'proxy-', 'accept', 'x-forwarded-'];

/**
 * Why `name` cannot carry the API key as a header, or null when it can. The one definition of
 * the rule: the integration schemas refuse such names and the server's request builder refuses
 * to send a stored one.
 */
export function apiKeyHeaderNameProblem(name: string): string | null {
  if (!API_KEY_NAME.test(name)) return 'must be a plain header name (letters, digits, _ . -)';
  const lower = name.toLowerCase();
  if (
    FORBIDDEN_API_KEY_HEADERS.has(lower) ||
    FORBIDDEN_API_KEY_HEADER_PREFIXES.some((prefix) => lower.startsWith(prefix))
  ) {
    return `${name} cannot carry the API key: hop-by-hop, framing, routing, cookie and client headers are refused (use a name such as X-API-Key)`;
  }
  return null;
}

/** Where the API key goes; header names `apiKeyHeaderNameProblem` refuses are invalid. */
export const ApiKeyPlacement = ApiKeyPlacementShape.superRefine((value, ctx) => {
  if (value.in !== 'header' || !API_KEY_NAME.test(value.name)) return;
  const problem = apiKeyHeaderNameProblem(value.name);
  if (problem) ctx.addIssue({ code: 'custom', path: ['name'], message: problem });
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
      /** Replaced whole when given (its own fields take their defaults). */
      latencyBaseline: HealthCheckConfig.shape.latencyBaseline,
    })
    .optional(),
});
export type UpdateIntegrationInput = z.input<typeof UpdateIntegrationInput>;
