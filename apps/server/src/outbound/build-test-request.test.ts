import { describe, expect, it } from 'vitest';
import {
  buildTestRequest,
  TestRequestError,
  type TestRequestInput,
  USER_AGENT,
} from './build-test-request';

const action = (path: string, method: 'GET' | 'POST' = 'GET'): TestRequestInput['action'] => ({
  method,
  path,
  parameters: [],
});

const base = (overrides: Partial<TestRequestInput> = {}): TestRequestInput => ({
  baseUrl: 'https://slack.com/api',
  action: action('/auth.test'),
  authType: 'none',
  credentials: null,
  ...overrides,
});

describe('buildTestRequest: URL', () => {
  it.each([
    ['https://slack.com/api', '/auth.test', 'https://slack.com/api/auth.test'],
    ['https://slack.com/api/', '/auth.test', 'https://slack.com/api/auth.test'],
    ['https://slack.com/api', 'auth.test', 'https://slack.com/api/auth.test'],
    ['https://api.github.com', '/user', 'https://api.github.com/user'],
    ['https://api.github.com/', '/', 'https://api.github.com/'],
    ['https://x.test/v2', '/items?limit=1', 'https://x.test/v2/items?limit=1'],
    ['https://x.test/v2?tenant=a', '/items', 'https://x.test/v2/items?tenant=a'],
    ['http://127.0.0.1:4010/mock', '/users/me', 'http://127.0.0.1:4010/mock/users/me'],
  ])('joins %s + %s', (baseUrl, path, expected) => {
    expect(buildTestRequest(base({ baseUrl, action: action(path) })).url).toBe(expected);
  });

  it('keeps the action method and sets the User-Agent', () => {
    const request = buildTestRequest(base({ action: action('/auth.test', 'POST') }));
    expect(request.method).toBe('POST');
    expect(request.headers['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toBe('waygate-health/0.1');
  });

  it.each(['/users/{id}', '/users/:id', '/repos/{owner}/{repo}/issues'])(
    'never guesses a path parameter in %s',
    (path) => {
      expect(() => buildTestRequest(base({ action: action(path) }))).toThrow(/never guess/);
    },
  );

  it('does not take a colon inside a segment for a parameter', () => {
    expect(buildTestRequest(base({ action: action('/v1/users:search') })).url).toBe(
      'https://slack.com/api/v1/users:search',
    );
  });

  it('rejects an invalid base URL', () => {
    expect(() => buildTestRequest(base({ baseUrl: 'slack.com/api' }))).toThrow(/base URL/);
  });
});

describe('buildTestRequest: auth', () => {
  it('sends a bearer token', () => {
    const request = buildTestRequest(
      base({ authType: 'bearer', credentials: { type: 'bearer', token: 'xoxb-1' } }),
    );
    expect(request.headers.authorization).toBe('Bearer xoxb-1');
  });

  it('sends an OAuth2 access token as a bearer token', () => {
    const request = buildTestRequest(
      base({
        authType: 'oauth2',
        credentials: { type: 'oauth2', accessToken: 'at-1', refreshToken: 'rt-1' },
      }),
    );
    expect(request.headers.authorization).toBe('Bearer at-1');
    expect(JSON.stringify(request)).not.toContain('rt-1');
  });

  it('sends basic credentials base64-encoded as UTF-8', () => {
    const request = buildTestRequest(
      base({
        authType: 'basic',
        credentials: { type: 'basic', username: 'ädmin', password: 'p:w' },
      }),
    );
    const encoded = request.headers.authorization?.replace(/^Basic /, '') ?? '';
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe('ädmin:p:w');
  });

  it('puts an API key in the named header', () => {
    const request = buildTestRequest(
      base({
        authType: 'api_key',
        apiKeyPlacement: { in: 'header', name: 'X-Custom-Key' },
        credentials: { type: 'api_key', key: 'k-1' },
      }),
    );
    expect(request.headers['x-custom-key']).toBe('k-1');
    expect(request.url).toBe('https://slack.com/api/auth.test');
  });

  it('puts an API key in the query string, encoded, next to existing parameters', () => {
    const request = buildTestRequest(
      base({
        action: action('/search?q=1'),
        authType: 'api_key',
        apiKeyPlacement: { in: 'query', name: 'api_key' },
        credentials: { type: 'api_key', key: 'a&b=c' },
      }),
    );
    const url = new URL(request.url);
    expect(url.searchParams.get('api_key')).toBe('a&b=c');
    expect(url.searchParams.get('q')).toBe('1');
    expect(request.headers.authorization).toBeUndefined();
  });

  it.each(['Host', 'Accept', 'cookie', 'Transfer-Encoding', 'User-Agent', 'X-Forwarded-For'])(
    'refuses to put an API key in %s (an integration stored before the API refused it)',
    (name) => {
      const build = () =>
        buildTestRequest(
          base({
            authType: 'api_key',
            apiKeyPlacement: { in: 'header', name },
            credentials: { type: 'api_key', key: 'k-stored' },
          }),
        );
      expect(build).toThrow(TestRequestError);
      expect(build).toThrow(/apiKeyPlacement\.name/);
    },
  );

  it('keeps query parameter names free of the header rule (?accept=…)', () => {
    const request = buildTestRequest(
      base({
        authType: 'api_key',
        apiKeyPlacement: { in: 'query', name: 'accept' },
        credentials: { type: 'api_key', key: 'k-q' },
      }),
    );
    expect(new URL(request.url).searchParams.get('accept')).toBe('k-q');
    expect(request.headers.accept).not.toBe('k-q');
  });

  it('defaults the API key to an X-API-Key header', () => {
    const request = buildTestRequest(
      base({ authType: 'api_key', credentials: { type: 'api_key', key: 'k-2' } }),
    );
    expect(request.headers['x-api-key']).toBe('k-2');
  });

  it('sends no credentials for authType none, or when there are none', () => {
    const none = buildTestRequest(
      base({ authType: 'none', credentials: { type: 'bearer', token: 'should-not-leak' } }),
    );
    expect(JSON.stringify(none)).not.toContain('should-not-leak');
    const missing = buildTestRequest(base({ authType: 'bearer', credentials: null }));
    expect(missing.headers.authorization).toBeUndefined();
  });
});
