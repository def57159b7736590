import { expect, it } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey, UnknownIdError } from '../src/services/api-keys';
import { apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';

// API key rotation on both databases: create a second key, move over, revoke the first. The
// running server refuses a revoked key on its very next request (nothing is cached).

describeEachDatabase('API keys: create, list, revoke', ({ server }) => {
  it('rotates a key: the new one works, the revoked one is refused at once', async () => {
    const { tenantId, keyId, apiKey } = (await server().createTenant('Rotating')) as {
      tenantId: string;
      keyId: string;
      apiKey: string;
    };
    expect(keyId).toMatch(/^key_[0-9A-Z]{26}$/);
    const first = await listApiKeys(server().db, tenantId);
    expect(first).toEqual([
      {
        keyId,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        lastUsedAt: null,
        revokedAt: null,
      },
    ]);

    const old = apiClient(server, apiKey);
    expect((await old.get('/connections')).status).toBe(200);
    const used = await listApiKeys(server().db, tenantId);
    expect(used[0]!.lastUsedAt).not.toBeNull();

    const created = await createApiKey(server().db, tenantId);
    expect(created.keyId).toMatch(/^key_/);
    expect(created.apiKey).toMatch(/^wgh_/);
    const fresh = apiClient(server, created.apiKey);
    expect((await fresh.get('/connections')).status).toBe(200);

    const revoked = await revokeApiKey(server().db, keyId);
    expect(revoked).toEqual({ keyId, revokedAt: expect.stringMatching(/^\d{4}-/) });
    const refused = await old.get('/connections');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHORIZED');
    expect((await fresh.get('/connections')).status).toBe(200);

    const keys = await listApiKeys(server().db, tenantId);
    expect(keys.map((k) => k.keyId)).toEqual([keyId, created.keyId]);
    expect(keys[0]!.revokedAt).toBe(revoked.revokedAt);
    expect(keys[1]).toMatchObject({ revokedAt: null, lastUsedAt: expect.any(String) });

    // Revoking again changes nothing and answers when it was revoked.
    expect(await revokeApiKey(server().db, keyId)).toEqual(revoked);
    // A key id in another spelling (lower case) names the same key.
    expect((await revokeApiKey(server().db, keyId.toLowerCase())).keyId).toBe(keyId);
  });

  it('last use is stamped at most once a minute per key', async () => {
    const { tenantId, apiKey } = await server().createTenant('Busy');
    const api = apiClient(server, apiKey);
    expect((await api.get('/connections')).status).toBe(200);
    const [after] = await listApiKeys(server().db, tenantId);
    for (let i = 0; i < 3; i++) expect((await api.get('/connections')).status).toBe(200);
    const [later] = await listApiKeys(server().db, tenantId);
    expect(later!.lastUsedAt).toBe(after!.lastUsedAt);
  });

  it('keys are listed per tenant', async () => {
    const a = await server().createTenant('A');
    const b = await server().createTenant('B');
    await createApiKey(server().db, b.tenantId);
    expect(await listApiKeys(server().db, a.tenantId)).toHaveLength(1);
    expect(await listApiKeys(server().db, b.tenantId)).toHaveLength(2);
  });

  it('unknown or malformed ids are UnknownIdError with a one-line message', async () => {
    const { tenantId } = await server().createTenant('Ids');
    const unknownKey = 'key_01JZZZZZZZZZZZZZZZZZZZZZZZ';
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => revokeApiKey(server().db, unknownKey), /^Unknown API key key_01JZ/],
      [() => revokeApiKey(server().db, 'nope'), /^Unknown API key nope$/],
      [() => revokeApiKey(server().db, tenantId), /^Unknown API key ten_/],
      [() => revokeApiKey(server().db, 'key_\nforged line'), /^Unknown API key key_\?forged line$/],
      [() => createApiKey(server().db, 'ten_01JZZZZZZZZZZZZZZZZZZZZZZZ'), /^Unknown tenant ten_/],
      [() => listApiKeys(server().db, 'key_01JZZZZZZZZZZZZZZZZZZZZZZZ'), /^Unknown tenant key_/],
    ];
    for (const [promise, message] of cases) {
      const error = await promise().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnknownIdError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
