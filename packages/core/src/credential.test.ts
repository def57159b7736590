import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIAL_POLICY, evaluateCredential } from './credential';

const now = new Date('2026-01-25T10:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe('evaluateCredential', () => {
  it('reports missing credentials', () => {
    expect(evaluateCredential(null, now)).toEqual({ status: 'missing', expiresAt: null });
  });

  it('treats an integration without auth as active', () => {
    expect(evaluateCredential({ type: 'none', needsReauth: true }, now).status).toBe('active');
  });

  it('is active when the token never expires', () => {
    expect(evaluateCredential({ type: 'bearer' }, now)).toEqual({
      status: 'active',
      expiresAt: null,
    });
    expect(evaluateCredential({ type: 'api_key', expiresAt: null }, now).status).toBe('active');
  });

  it('is active when expiry is an hour or more away', () => {
    expect(evaluateCredential({ type: 'oauth2', expiresAt: at(3_600_000) }, now)).toEqual({
      status: 'active',
      expiresAt: '2026-01-25T11:00:00.000Z',
    });
  });

  it('is expiring when expiry is less than an hour away', () => {
    expect(evaluateCredential({ type: 'oauth2', expiresAt: at(3_599_999) }, now).status).toBe(
      'expiring',
    );
    expect(evaluateCredential({ type: 'oauth2', expiresAt: at(1) }, now).status).toBe('expiring');
  });

  it('is expired at or after the expiry instant', () => {
    expect(evaluateCredential({ type: 'oauth2', expiresAt: at(0) }, now).status).toBe('expired');
    expect(evaluateCredential({ type: 'oauth2', expiresAt: at(-1) }, now).status).toBe('expired');
  });

  it('accepts Date objects and timestamps with offsets, normalised to UTC', () => {
    expect(
      evaluateCredential({ type: 'oauth2', expiresAt: '2026-01-25T12:30:00+02:00' }, now),
    ).toEqual({ status: 'expiring', expiresAt: '2026-01-25T10:30:00.000Z' });
    expect(evaluateCredential({ type: 'oauth2', expiresAt: new Date(at(-5)) }, now).status).toBe(
      'expired',
    );
  });

  it('treats an unreadable expiry as expired (cannot prove validity)', () => {
    expect(evaluateCredential({ type: 'oauth2', expiresAt: 'soon' }, now)).toEqual({
      status: 'expired',
      expiresAt: null,
    });
  });

  it('lets the re-auth flag win over a future expiry', () => {
    expect(
      evaluateCredential({ type: 'oauth2', expiresAt: at(86_400_000), needsReauth: true }, now),
    ).toEqual({ status: 'needs_reauth', expiresAt: '2026-01-26T10:00:00.000Z' });
  });

  it('honours a custom expiring window and ignores a nonsensical one', () => {
    const cred = { type: 'oauth2' as const, expiresAt: at(2 * 3_600_000) };
    expect(evaluateCredential(cred, now, { expiringWithinMs: 86_400_000 }).status).toBe('expiring');
    expect(evaluateCredential(cred, now, { expiringWithinMs: Number.NaN }).status).toBe('active');
    expect(DEFAULT_CREDENTIAL_POLICY.expiringWithinMs).toBe(3_600_000);
  });

  it('property: status follows the sign of (expiry - now) and the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        (delta, window) => {
          const { status } = evaluateCredential({ type: 'bearer', expiresAt: at(delta) }, now, {
            expiringWithinMs: window,
          });
          const expected = delta <= 0 ? 'expired' : delta < window ? 'expiring' : 'active';
          expect(status).toBe(expected);
        },
      ),
    );
  });
});
