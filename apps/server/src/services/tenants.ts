import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import { newUuid, toPublicId } from '../ids';

/** API keys are `wgh_` + 32 random bytes (base64url); only their SHA-256 is stored. */
export const API_KEY_PREFIX = 'wgh_';

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

export interface CreatedTenant {
  tenantId: string;
  apiKey: string;
}

/** Creates a tenant and its first API key in one transaction; the key is returned only here. */
export async function createTenant(
  db: Database,
  name: string,
  now = new Date(),
): Promise<CreatedTenant> {
  const tenantUuid = newUuid(now);
  const apiKey = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)', [
      tenantUuid,
      name,
      now,
    ]);
    await tx.query(
      'INSERT INTO api_keys (id, tenant_id, key_hash, created_at) VALUES ($1, $2, $3, $4)',
      [newUuid(now), tenantUuid, hashApiKey(apiKey), now],
    );
  });
  return { tenantId: toPublicId('tenant', tenantUuid), apiKey };
}

/** The tenant uuid behind an API key, or null (unknown, revoked or malformed key). */
export async function findTenantByApiKey(db: Database, apiKey: string): Promise<string | null> {
  if (!apiKey.startsWith(API_KEY_PREFIX) || apiKey.length > 200) return null;
  const { rows } = await db.query<{ tenant_id: string }>(
    'SELECT tenant_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [hashApiKey(apiKey)],
  );
  return rows[0]?.tenant_id ?? null;
}

export async function countTenants(db: Database): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tenants');
  return rows[0]?.n ?? 0;
}
