import type { NotificationChannelType } from '@waygate/health-core';
import type { CredentialCipher } from '../crypto/credential-cipher';

// The credential cipher is reused (one key, one audited AES-GCM path), as for webhook secrets;
// the associated data binds the ciphertext to its channel row.
function aad(tenantId: string, channelId: string): string {
  return `notification-channel:${tenantId}:${channelId}`;
}

export function encryptChannelSecret(
  cipher: CredentialCipher,
  secret: string,
  tenantId: string,
  channelId: string,
): string {
  return cipher.encrypt({ type: 'bearer', token: secret }, aad(tenantId, channelId));
}

/** Throws `CredentialDecryptError` on tampered data, a wrong key or another row's ciphertext. */
export function decryptChannelSecret(
  cipher: CredentialCipher,
  ciphertext: string,
  tenantId: string,
  channelId: string,
): string {
  const opened = cipher.decrypt(ciphertext, aad(tenantId, channelId));
  if (opened.type !== 'bearer') throw new Error('stored channel secret has an unexpected shape');
  return opened.token;
}

/**
 * What reads show of a secret: enough to tell two channels apart, never enough to use. A webhook
 * URL keeps its origin (not secret: every Slack URL starts the same) and its last 4 characters;
 * the path and query, where the vendors put the token, are hidden.
 */
export function secretHint(type: NotificationChannelType, secret: string): string {
  const tail = secret.slice(-4);
  if (type === 'pagerduty') return `…${tail}`;
  try {
    return `${new URL(secret).origin}/…${tail}`;
  } catch {
    return `…${tail}`;
  }
}
