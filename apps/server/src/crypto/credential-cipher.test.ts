import { randomBytes, randomUUID } from 'node:crypto';
import type { CredentialsInput } from '@waygate/health-core';
import { describe, expect, it } from 'vitest';
import {
  CredentialDecryptError,
  connectionCredentialAad,
  createCredentialCipher,
  parseEncryptionKey,
} from './credential-cipher';

const CANARY = 'canary-3b8e-credential';
const AAD = 'ten_1:conn_1';
const key = randomBytes(32);
const cipher = createCredentialCipher(key);

const ALL: CredentialsInput[] = [
  { type: 'bearer', token: `tok-${CANARY}` },
  { type: 'api_key', key: `key-${CANARY}` },
  { type: 'basic', username: 'admin', password: `pw-${CANARY}` },
  {
    type: 'oauth2',
    accessToken: `at-${CANARY}`,
    refreshToken: `rt-${CANARY}`,
    expiresAt: '2026-03-01T00:00:00Z',
  },
  { type: 'oauth2', accessToken: `at-${CANARY}` },
];

function decryptError(run: () => unknown): CredentialDecryptError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialDecryptError);
    expect((error as Error).message).not.toContain(CANARY);
    return error as CredentialDecryptError;
  }
  throw new Error('expected decryption to fail');
}

describe('credential cipher', () => {
  it.each(ALL)('round-trips $type credentials', (credentials) => {
    const sealed = cipher.encrypt(credentials, AAD);
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed).not.toContain(CANARY);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain(CANARY);
    expect(cipher.decrypt(sealed, AAD)).toEqual(credentials);
  });

  it('uses a fresh IV each time', () => {
    const first = cipher.encrypt(ALL[0]!, AAD);
    const second = cipher.encrypt(ALL[0]!, AAD);
    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
  });

  it('refuses a ciphertext copied to another row (wrong aad)', () => {
    const sealed = cipher.encrypt(ALL[0]!, AAD);
    decryptError(() => cipher.decrypt(sealed, 'ten_1:conn_2'));
    decryptError(() => cipher.decrypt(sealed, 'ten_2:conn_1'));
  });

  it('binds connection credentials to the tenant and connection (connectionCredentialAad)', () => {
    const [tenant, other] = [randomUUID(), randomUUID()];
    const [connection, sibling] = [randomUUID(), randomUUID()];
    const sealed = cipher.encrypt(ALL[0]!, connectionCredentialAad(tenant, connection));
    expect(cipher.decrypt(sealed, connectionCredentialAad(tenant, connection))).toEqual(ALL[0]);
    decryptError(() => cipher.decrypt(sealed, connectionCredentialAad(tenant, sibling)));
    decryptError(() => cipher.decrypt(sealed, connectionCredentialAad(other, connection)));
  });

  it('refuses a wrong key', () => {
    const sealed = cipher.encrypt(ALL[0]!, AAD);
    decryptError(() => createCredentialCipher(randomBytes(32)).decrypt(sealed, AAD));
  });

  it('refuses every single flipped byte in IV, tag or ciphertext', () => {
    const sealed = cipher.encrypt(ALL[2]!, AAD);
    const [version, ...parts] = sealed.split('.');
    parts.forEach((part, index) => {
      const bytes = Buffer.from(part, 'base64url');
      for (let i = 0; i < bytes.length; i += 1) {
        const tampered = Buffer.from(bytes);
        tampered[i] = (tampered[i] ?? 0) ^ 0x01;
        const copy = [...parts];
        copy[index] = tampered.toString('base64url');
        decryptError(() => cipher.decrypt([version, ...copy].join('.'), AAD));
      }
    });
  });

  it.each([
    ['an empty string', () => ''],
    ['a missing part', (sealed: string) => sealed.split('.').slice(0, 3).join('.')],
    ['an extra part', (sealed: string) => `${sealed}.AAAA`],
    ['a truncated ciphertext', (sealed: string) => sealed.slice(0, -4)],
    [
      'a truncated tag',
      (sealed: string) => {
        const parts = sealed.split('.');
        return [parts[0], parts[1], parts[2]?.slice(0, 10), parts[3]].join('.');
      },
    ],
    ['an unknown version', (sealed: string) => sealed.replace(/^v1/, 'v2')],
    ['non-base64url characters', (sealed: string) => sealed.replace(/\.([\w-])/, '.+$1')],
    ['plain JSON', () => JSON.stringify(ALL[0])],
  ])('refuses %s', (_label, mutate) => {
    const sealed = cipher.encrypt(ALL[1]!, AAD);
    decryptError(() => cipher.decrypt(mutate(sealed), AAD));
  });

  it('refuses to encrypt something that is not a credential, without echoing it', () => {
    const bogus = { type: 'bearer', token: CANARY, extra: true } as unknown as CredentialsInput;
    expect(() => cipher.encrypt(bogus, AAD)).toThrow(/supported credential type/);
    try {
      cipher.encrypt(bogus, AAD);
    } catch (error) {
      expect((error as Error).message).not.toContain(CANARY);
    }
  });

  it('keeps its own copy of the key', () => {
    const mutable = new Uint8Array(randomBytes(32));
    const own = createCredentialCipher(mutable);
    const sealed = own.encrypt(ALL[0]!, AAD);
    mutable.fill(0);
    expect(own.decrypt(sealed, AAD)).toEqual(ALL[0]);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => createCredentialCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('parseEncryptionKey', () => {
  it('accepts 32 bytes as standard or URL-safe base64, with or without padding', () => {
    const bytes = randomBytes(32);
    for (const text of [
      bytes.toString('base64'),
      bytes.toString('base64url'),
      bytes.toString('base64').replace(/=+$/, ''),
      ` ${bytes.toString('base64')}\n`,
    ]) {
      expect(Buffer.from(parseEncryptionKey(text)).equals(bytes)).toBe(true);
    }
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64')],
    ['33 bytes', randomBytes(33).toString('base64')],
    ['empty', ''],
  ])('rejects %s with the byte count', (_label, text) => {
    expect(() => parseEncryptionKey(text)).toThrow(/exactly 32 bytes/);
  });

  it.each(['not base64 at all!', `${randomBytes(32).toString('base64')}x`, 'AAAA===='])(
    'rejects malformed base64 without echoing it: %s',
    (text) => {
      expect(() => parseEncryptionKey(text)).toThrow(/must be base64/);
      try {
        parseEncryptionKey(text);
      } catch (error) {
        expect((error as Error).message).not.toContain(text.trim());
      }
    },
  );
});
