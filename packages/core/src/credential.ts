import { sanePositive, toTime } from './sanitize';
import type { AuthType, CredentialStatus } from './schemas/enums';

/** What the core needs to know about a connection's credentials (never the secret itself). */
export interface CredentialSnapshot {
  type: AuthType;
  expiresAt?: string | Date | null;
  needsReauth?: boolean;
}

export interface CredentialPolicy {
  /** Credentials expiring within this many milliseconds are reported as `expiring`. */
  expiringWithinMs: number;
}

export const DEFAULT_CREDENTIAL_POLICY: CredentialPolicy = Object.freeze({
  expiringWithinMs: 3_600_000,
});

export interface CredentialEvaluation {
  status: CredentialStatus;
  /** Normalised ISO expiry, or null when there is none (or it could not be read). */
  expiresAt: string | null;
}

/**
 * Evaluates credentials at `now`. Order matters: a missing credential beats everything, an
 * explicit re-auth flag beats an expiry date (the provider already told us it is dead), and an
 * unreadable expiry is treated as expired because we cannot prove it is still valid.
 */
export function evaluateCredential(
  credential: CredentialSnapshot | null | undefined,
  now: Date,
  policy: Partial<CredentialPolicy> = {},
): CredentialEvaluation {
  if (!credential) return { status: 'missing', expiresAt: null };
  // An integration without auth has nothing that can expire.
  if (credential.type === 'none') return { status: 'active', expiresAt: null };
  if (credential.needsReauth) {
    const at = credential.expiresAt == null ? null : toTime(credential.expiresAt);
    return { status: 'needs_reauth', expiresAt: at === null ? null : new Date(at).toISOString() };
  }
  if (credential.expiresAt == null) return { status: 'active', expiresAt: null };
  const expires = toTime(credential.expiresAt);
  if (expires === null) return { status: 'expired', expiresAt: null };
  const expiresAt = new Date(expires).toISOString();
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs) || expires <= nowMs) return { status: 'expired', expiresAt };
  const within = sanePositive(policy.expiringWithinMs, DEFAULT_CREDENTIAL_POLICY.expiringWithinMs);
  // "expiring (< 1 hour)": strictly less than the window.
  if (expires - nowMs < within) return { status: 'expiring', expiresAt };
  return { status: 'active', expiresAt };
}
