import { createHmac, randomBytes } from 'node:crypto';
import type { CredentialCipher } from '../crypto/credential-cipher';

const SECRET_PREFIX = 'whsec_';
// Standard Webhooks asks for 24 to 64 random bytes; 32 matches HMAC-SHA256's block strength.
const SECRET_BYTES = 32;

/** A new signing secret: `whsec_` + base64 of 32 random bytes (Standard Webhooks format). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The HMAC key: the bytes behind the `whsec_` prefix, as receivers' libraries decode it. */
export function secretKey(secret: string): Buffer {
  const base64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(base64, 'base64');
}

/**
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (Standard Webhooks, symmetric signature).
 * `timestampSeconds` is the same integer sent as `webhook-timestamp`.
 */
export function signPayload(
  secret: string,
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  const mac = createHmac('sha256', secretKey(secret))
    .update(`${messageId}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

// The credential cipher is reused (one key, one audited AES-GCM code path): the secret travels
// as a bearer "credential", bound to its row by associated data that no connection can have.
function aad(tenantId: string, webhookId: string): string {
  return `webhook-secret:${tenantId}:${webhookId}`;
}

export function encryptWebhookSecret(
  cipher: CredentialCipher,
  secret: string,
  tenantId: string,
  webhookId: string,
): string {
  return cipher.encrypt({ type: 'bearer', token: secret }, aad(tenantId, webhookId));
}

/** Throws `CredentialDecryptError` on tampered data, a wrong key or a ciphertext from elsewhere. */
export function decryptWebhookSecret(
  cipher: CredentialCipher,
  ciphertext: string,
  tenantId: string,
  webhookId: string,
): string {
  const opened = cipher.decrypt(ciphertext, aad(tenantId, webhookId));
  if (opened.type !== 'bearer') throw new Error('stored webhook secret has an unexpected shape');
  return opened.token;
}
