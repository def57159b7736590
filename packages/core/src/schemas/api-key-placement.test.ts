import { describe, expect, it } from 'vitest';
import {
  ApiKeyPlacement,
  apiKeyHeaderNameProblem,
  CreateIntegrationInput,
  Integration,
  UpdateIntegrationInput,
} from './integration';

const REFUSED = [
  'Host',
  'Connection',
  'Keep-Alive',
  'Content-Type',
  'content-length',
  'Content-Encoding',
  'Transfer-Encoding',
  'TE',
  'Trailer',
  'Upgrade',
  'Cookie',
  'Set-Cookie',
  'Proxy-Authorization',
  'Proxy-Connection',
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'User-Agent',
  'Expect',
  'Forwarded',
  'X-Forwarded-For',
  'x-forwarded-proto',
  'Via',
  'Origin',
  'Referer',
  'Range',
  'Max-Forwards',
  'X-HTTP-Method-Override',
];
const ALLOWED = ['X-API-Key', 'Authorization', 'apikey', 'X-Auth-Token', 'Api_Key', 'token.v2'];

describe('apiKeyHeaderNameProblem', () => {
  it.each(REFUSED)('refuses %s', (name) => {
    expect(apiKeyHeaderNameProblem(name)).toMatch(/cannot carry the API key/);
  });
  it.each(ALLOWED)('allows %s', (name) => {
    expect(apiKeyHeaderNameProblem(name)).toBeNull();
  });
  it.each(['X Key', 'X-Key:', 'a\r\nHost', 'Schlüssel', ''])(
    'refuses the invalid name %j',
    (name) => {
      expect(apiKeyHeaderNameProblem(name)).toMatch(/plain header name/);
    },
  );
});

describe('ApiKeyPlacement', () => {
  it.each(REFUSED)('a header named %s is an issue on `name`', (name) => {
    const result = ApiKeyPlacement.safeParse({ in: 'header', name });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['name']]);
  });

  it('query parameter names are not header names: ?accept= and ?host= are fine', () => {
    expect(ApiKeyPlacement.safeParse({ in: 'query', name: 'accept' }).success).toBe(true);
    expect(ApiKeyPlacement.safeParse({ in: 'query', name: 'host' }).success).toBe(true);
  });

  it('create and update inputs report the field as apiKeyPlacement.name', () => {
    const create = CreateIntegrationInput.safeParse({
      name: 'x',
      baseUrl: 'https://x.test',
      authType: 'api_key',
      apiKeyPlacement: { in: 'header', name: 'Cookie' },
    });
    expect(create.error?.issues[0]?.path).toEqual(['apiKeyPlacement', 'name']);
    const update = UpdateIntegrationInput.safeParse({
      apiKeyPlacement: { in: 'header', name: 'Host' },
    });
    expect(update.error?.issues[0]?.path).toEqual(['apiKeyPlacement', 'name']);
  });

  it('a stored integration with an old name still parses as a response (clients keep working)', () => {
    const stored = {
      id: 'int_01J8E7C5RF9CSJA532R3D542BQ',
      name: 'legacy',
      baseUrl: 'https://x.test',
      status: 'active',
      authType: 'api_key',
      apiKeyPlacement: { in: 'header', name: 'Accept' },
      healthCheckConfig: { enabled: true, intervalMinutes: 15 },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(Integration.safeParse(stored).success).toBe(true);
  });
});
