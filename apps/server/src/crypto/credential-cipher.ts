import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CredentialsInput } from '@waygate/health-core';
import { toPublicId } from '../ids';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Any reason a stored credential cannot be opened: tampered or truncated ciphertext, a wrong key,
 * or a ciphertext moved to another row (wrong associated data). The message says which step
 * failed, never what the plaintext was.
 */
export class CredentialDecryptError extends Error {
  constructor(reason: string) {
    super(`Stored credentials could not be decrypted: ${reason}`);
    this.name = 'CredentialDecryptError';
  }
}

/**
 * The associated data that binds a connection's stored credentials to its row (public tenant and
 * connection ids): a ciphertext copied into another connection or tenant fails to decrypt. Every
 * encrypt and decrypt of connection credentials builds it here.
 */
export function connectionCredentialAad(tenantUuid: string, connectionUuid: string): string {
  return `${toPublicId('tenant', tenantUuid)}:${toPublicId('connection', connectionUuid)}`;
}

export interface CredentialCipher {
  /** Encrypts credentials bound to `aad` (`connectionCredentialAad` for connections). */
  encrypt(credentials: CredentialsInput, aad: string): string;
  /** Decrypts and re-validates; throws `CredentialDecryptError` on any mismatch. */
  decrypt(ciphertext: string, aad: string): CredentialsInput;
}

/**
 * Reads `WAYGATE_ENCRYPTION_KEY`: 32 bytes as base64 (standard or URL-safe, padding optional).
 * The error never echoes the value.
 */
export function parseEncryptionKey(base64: string): Uint8Array {
  const text = base64.trim();
  const unpadded = text.replace(/=+$/, '');
  const alphabet = /^[A-Za-z0-9+/]*$/.test(unpadded) || BASE64URL.test(unpadded);
  const decoded = alphabet ? Buffer.from(unpadded, 'base64') : undefined;
  // Re-encoding catches inputs Buffer silently truncates (a dangling 6-bit group).
  const canonical = decoded?.toString('base64').replace(/=+$/, '');
  const roundTrips =
    canonical !== undefined && canonical === unpadded.replaceAll('-', '+').replaceAll('_', '/');
  if (!decoded || !roundTrips || text.length - unpadded.length > 2) {
    throw new Error('The encryption key must be base64 (e.g. `openssl rand -base64 32`)');
  }
  if (decoded.length !== KEY_BYTES) {
    throw new Error(
      `The encryption key must decode to exactly ${KEY_BYTES} bytes, got ${decoded.length}`,
    );
  }
  return new Uint8Array(decoded);
}

function associatedData(aad: string): Buffer {
  // The version is bound too, so a v1 ciphertext can never be replayed under another format.
  return Buffer.from(`waygate-health/credentials/${VERSION}\u0000${aad}`, 'utf8');
}

function decodePart(part: string | undefined, what: string): Buffer {
  if (part === undefined || part === '' || !BASE64URL.test(part)) {
    throw new CredentialDecryptError(`malformed ${what}`);
  }
  return Buffer.from(part, 'base64url');
}

/**
 * AES-256-GCM for credentials at rest. Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url,
 * with a fresh random 12-byte IV per encryption (never reused under one key at our volumes: the
 * birthday bound for 96-bit IVs is ~2^32 messages).
 */
export function createCredentialCipher(key: Uint8Array): CredentialCipher {
  if (key.length !== KEY_BYTES) {
    throw new Error(`The encryption key must be exactly ${KEY_BYTES} bytes, got ${key.length}`);
  }
  const secret = Buffer.from(key); // a private copy: later changes to the caller's array don't matter

  return {
    encrypt(credentials, aad) {
      const parsed = CredentialsInput.safeParse(credentials);
      if (!parsed.success) {
        throw new Error('Credentials do not match any supported credential type');
      }
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, secret, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(aad));
      const body = Buffer.concat([
        cipher.update(JSON.stringify(parsed.data), 'utf8'),
        cipher.final(),
      ]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },

    decrypt(ciphertext, aad) {
      const parts = ciphertext.split('.');
      if (parts.length !== 4) throw new CredentialDecryptError('malformed ciphertext');
      if (parts[0] !== VERSION) throw new CredentialDecryptError('unknown format version');
      const iv = decodePart(parts[1], 'IV');
      const tag = decodePart(parts[2], 'authentication tag');
      const body = decodePart(parts[3], 'ciphertext');
      if (iv.length !== IV_BYTES) throw new CredentialDecryptError('malformed IV');
      if (tag.length !== TAG_BYTES)
        throw new CredentialDecryptError('truncated authentication tag');

      let plaintext: string;
      try {
        const decipher = createDecipheriv(ALGORITHM, secret, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(associatedData(aad));
        decipher.setAuthTag(tag);
        plaintext = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new CredentialDecryptError(
          'authentication failed (tampered data, wrong key or credentials from another row)',
        );
      }
      let value: unknown;
      try {
        value = JSON.parse(plaintext);
      } catch {
        throw new CredentialDecryptError('decrypted data is not valid credentials');
      }
      const parsed = CredentialsInput.safeParse(value);
      if (!parsed.success) {
        throw new CredentialDecryptError('decrypted data is not valid credentials');
      }
      return parsed.data;
    },
  };
}
