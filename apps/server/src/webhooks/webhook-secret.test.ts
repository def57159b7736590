import { randomBytes } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { fromDeliveryId, toDeliveryId } from './delivery-ids';
import { MAX_DELIVERY_ATTEMPTS, nextAttemptAt } from './retry-schedule';
import {
  decryptWebhookSecret,
  encryptWebhookSecret,
  generateWebhookSecret,
  signPayload,
} from './webhook-secret';

describe('webhook signing', () => {
  it('produces the signature the standardwebhooks library computes', () => {
    const secret = generateWebhookSecret();
    const at = new Date('2026-11-27T10:00:00Z');
    const body = JSON.stringify({ type: 'webhook.test', data: { message: 'héllo' } });
    const ours = signPayload(secret, 'msg_1', Math.floor(at.getTime() / 1000), body);
    expect(ours).toBe(new StandardWebhook(secret).sign('msg_1', at, body));
  });

  it('makes distinct secrets of 32 random bytes', () => {
    const a = generateWebhookSecret();
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it('stores secrets encrypted and bound to their webhook row', () => {
    const cipher = createCredentialCipher(randomBytes(32));
    const secret = generateWebhookSecret();
    const sealed = encryptWebhookSecret(cipher, secret, 'tenant-a', 'webhook-1');
    expect(sealed).not.toContain(secret.slice(6));
    expect(decryptWebhookSecret(cipher, sealed, 'tenant-a', 'webhook-1')).toBe(secret);
    expect(() => decryptWebhookSecret(cipher, sealed, 'tenant-b', 'webhook-1')).toThrow();
    expect(() => decryptWebhookSecret(cipher, sealed, 'tenant-a', 'webhook-2')).toThrow();
  });
});

describe('retry schedule', () => {
  it('waits 30 s, 2 min, 10 min, 1 h, 6 h, then gives up', () => {
    const failedAt = new Date('2026-01-01T00:00:00Z');
    const waits = Array.from({ length: MAX_DELIVERY_ATTEMPTS }, (_, i) => {
      const next = nextAttemptAt(i + 1, failedAt);
      return next === null ? null : (next.getTime() - failedAt.getTime()) / 1000;
    });
    expect(waits).toEqual([30, 120, 600, 3600, 21_600, null]);
  });
});

describe('delivery ids', () => {
  it('round-trips and refuses other kinds', () => {
    const uuid = '0192f3a4-5b6c-7d8e-9f00-112233445566';
    const id = toDeliveryId(uuid);
    expect(id).toMatch(/^msg_[0-9A-Z]{26}$/);
    expect(fromDeliveryId(id)).toBe(uuid);
    expect(fromDeliveryId(`wh_${id.slice(4)}`)).toBeNull();
    expect(fromDeliveryId('msg_nope')).toBeNull();
    expect(fromDeliveryId(42)).toBeNull();
  });
});
