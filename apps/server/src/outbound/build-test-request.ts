import {
  type AuthType,
  apiKeyHeaderNameProblem,
  type CredentialsInput,
  type HttpMethod,
} from '@waygate/health-core';

/** Credentials as the runner holds them after decryption. */
export type DecryptedCredentials = CredentialsInput;

export interface TestRequestInput {
  baseUrl: string;
  action: {
    method: HttpMethod;
    path: string;
    parameters: readonly { name: string; in: 'path' | 'query'; required: boolean }[];
  };
  authType: AuthType;
  apiKeyPlacement?: { in: 'header' | 'query'; name: string };
  credentials: DecryptedCredentials | null;
}

export interface TestRequest {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
}

export const USER_AGENT = 'waygate-health/0.1';
export const DEFAULT_ACCEPT = 'application/json, */*;q=0.5';
const DEFAULT_API_KEY_PLACEMENT = { in: 'header', name: 'X-API-Key' } as const;
// `{id}` (OpenAPI) and `:id` (Express-style) segments.
const PATH_TEMPLATE = /\{[^/{}]+\}|(^|\/):[A-Za-z_][\w-]*/;

/** Thrown when an action cannot be turned into a request without guessing. */
export class TestRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestRequestError';
  }
}

function joinUrl(baseUrl: string, actionPath: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TestRequestError('The integration base URL is not a valid absolute URL');
  }
  const queryStart = actionPath.indexOf('?');
  const path = queryStart === -1 ? actionPath : actionPath.slice(0, queryStart);
  const query = queryStart === -1 ? '' : actionPath.slice(queryStart + 1);
  // Not `new URL(path, base)`: that drops the base's path prefix (`https://slack.com/api`).
  const prefix = url.pathname.replace(/\/+$/, '');
  const suffix = path.replace(/^\/+/, '');
  url.pathname = suffix === '' ? prefix || '/' : `${prefix}/${suffix}`;
  for (const [name, value] of new URLSearchParams(query)) url.searchParams.append(name, value);
  return url;
}

function authorize(
  url: URL,
  headers: Record<string, string>,
  input: TestRequestInput,
  credentials: DecryptedCredentials,
): void {
  switch (credentials.type) {
    case 'bearer':
      headers.authorization = `Bearer ${credentials.token}`;
      return;
    case 'oauth2':
      headers.authorization = `Bearer ${credentials.accessToken}`;
      return;
    case 'basic': {
      const pair = `${credentials.username}:${credentials.password}`;
      headers.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
      return;
    }
    case 'api_key': {
      const placement = input.apiKeyPlacement ?? DEFAULT_API_KEY_PLACEMENT;
      if (placement.in === 'query') {
        url.searchParams.set(placement.name, credentials.key);
        return;
      }
      // The API refuses such names; an integration stored before that rule is refused here, so
      // the key never lands in Host, Cookie, Accept, Transfer-Encoding and the like.
      const problem = apiKeyHeaderNameProblem(placement.name);
      if (problem) throw new TestRequestError(`apiKeyPlacement.name: ${problem}`);
      headers[placement.name.toLowerCase()] = credentials.key;
      return;
    }
  }
}

/**
 * The request a health check sends for a test action: base URL + action path (the base's own
 * path prefix kept), the credential injected the way its type says, and nothing guessed. Path
 * parameters are never invented: a path that still has a template segment throws, and the
 * runner skips actions with required parameters before getting here. Optional query parameters
 * are left out. The credential type decides how auth is sent (it knows which fields exist);
 * `authType: 'none'` sends none even if credentials are stored.
 */
export function buildTestRequest(input: TestRequestInput): TestRequest {
  if (PATH_TEMPLATE.test(input.action.path)) {
    throw new TestRequestError(
      'The test action path has a path parameter; health checks never guess parameter values',
    );
  }
  const url = joinUrl(input.baseUrl, input.action.path);
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: DEFAULT_ACCEPT,
  };
  if (input.authType !== 'none' && input.credentials !== null) {
    authorize(url, headers, input, input.credentials);
  }
  return { url: url.toString(), method: input.action.method, headers };
}
