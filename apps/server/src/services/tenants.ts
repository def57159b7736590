import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import { newUuid, toPublicId } from '../ids';

/** API keys are `wgh_` + 32 random bytes (base64url); only their SHA-256 is stored. */
export const API_KEY_PREFIX = 'wgh_';

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

/** A new API key (shown once) and the row id it is stored under. */
export function newApiKey(now = new Date()): { apiKey: string; uuid: string } {
  return {
    apiKey: `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`,
    uuid: newUuid(now),
  };
}

export interface CreatedTenant {
  tenantId: string;
  /** The id of its first API key (`key_…`), for `key list` / `key revoke`. */
  keyId: string;
  apiKey: string;
}

/** Creates a tenant and its first API key in one transaction; the key is returned only here. */
export async function createTenant(
  db: Database,
  name: string,
  now = new Date(),
): Promise<CreatedTenant> {
  const tenantUuid = newUuid(now);
  const key = newApiKey(now);
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)', [
      tenantUuid,
      name,
      now,
    ]);
    await tx.query(
      'INSERT INTO api_keys (id, tenant_id, key_hash, created_at) VALUES ($1, $2, $3, $4)',
      [key.uuid, tenantUuid, hashApiKey(key.apiKey), now],
    );
  });
  return {
    tenantId: toPublicId('tenant', tenantUuid),
    keyId: toPublicId('apiKey', key.uuid),
    apiKey: key.apiKey,
  };
}

/**
 * The tenant uuid behind an API key, or null (unknown, revoked or malformed key). Nothing is
 * cached: a key revoked a moment ago is refused on the next request. The same statement stamps
 * the key's `last_used_at`, at most once a minute, so a busy key is not a write per request.
 */
export async function findTenantByApiKey(db: Database, apiKey: string): Promise<string | null> {
  if (!apiKey.startsWith(API_KEY_PREFIX) || apiKey.length > 200) return null;
  const { rows } = await db.query<{ tenant_id: string }>(
    `WITH key AS (
       SELECT id, tenant_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL
     ), used AS (
       UPDATE api_keys SET last_used_at = now()
       FROM key
       WHERE api_keys.id = key.id
         AND (api_keys.last_used_at IS NULL OR api_keys.last_used_at < now() - interval '1 minute')
       RETURNING 1
     )
     SELECT tenant_id FROM key`,
    [hashApiKey(apiKey)],
  );
  return rows[0]?.tenant_id ?? null;
}

export async function countTenants(db: Database): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tenants');
  return rows[0]?.n ?? 0;
}
