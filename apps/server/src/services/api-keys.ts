import type { Database } from '../db/database';
import { fromPublicId, toPublicId } from '../ids';
import { hashApiKey, newApiKey } from './tenants';

/**
 * API key rotation (`waygate-health key create | list | revoke`): a tenant may hold any number
 * of keys; create the new one, move clients over, revoke the old one. Revocation is immediate
 * (authentication reads the database on every request, nothing is cached) and permanent: the row
 * stays, with `revokedAt`, so `key list` still shows it.
 */

export interface CreatedApiKey {
  keyId: string;
  /** Shown only here; only its SHA-256 is stored. */
  apiKey: string;
}

export interface ApiKeyInfo {
  keyId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface RevokedApiKey {
  keyId: string;
  revokedAt: string;
}

/** Thrown for a tenant or key id that is malformed or unknown; the message is one line. */
export class UnknownIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownIdError';
  }
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** An id as typed by the user, safe to print on one line. */
const shown = (id: string) => id.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);

async function tenantUuid(db: Database, tenantId: string): Promise<string> {
  const uuid = fromPublicId('tenant', tenantId);
  const { rows } = uuid
    ? await db.query<{ id: string }>('SELECT id FROM tenants WHERE id = $1', [uuid])
    : { rows: [] };
  if (!rows[0]) throw new UnknownIdError(`Unknown tenant ${shown(tenantId)}`);
  return rows[0].id;
}

/** A new API key for an existing tenant. */
export async function createApiKey(
  db: Database,
  tenantId: string,
  now = new Date(),
): Promise<CreatedApiKey> {
  const tenant = await tenantUuid(db, tenantId);
  const key = newApiKey(now);
  await db.query(
    'INSERT INTO api_keys (id, tenant_id, key_hash, created_at) VALUES ($1, $2, $3, $4)',
    [key.uuid, tenant, hashApiKey(key.apiKey), now],
  );
  return { keyId: toPublicId('apiKey', key.uuid), apiKey: key.apiKey };
}

/** A tenant's keys, revoked ones included, oldest first. */
export async function listApiKeys(db: Database, tenantId: string): Promise<ApiKeyInfo[]> {
  const tenant = await tenantUuid(db, tenantId);
  const { rows } = await db.query<{
    id: string;
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }>(
    `SELECT id, created_at, last_used_at, revoked_at FROM api_keys
     WHERE tenant_id = $1 ORDER BY created_at, id`,
    [tenant],
  );
  return rows.map((row) => ({
    keyId: toPublicId('apiKey', row.id),
    createdAt: iso(row.created_at)!,
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  }));
}

/**
 * Revokes a key at once. Revoking a revoked key changes nothing and answers when it was revoked.
 */
export async function revokeApiKey(
  db: Database,
  keyId: string,
  now = new Date(),
): Promise<RevokedApiKey> {
  const uuid = fromPublicId('apiKey', keyId);
  const { rows } = uuid
    ? await db.query<{ revoked_at: Date }>(
        `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2)
         WHERE id = $1 RETURNING revoked_at`,
        [uuid, now],
      )
    : { rows: [] };
  if (!uuid || !rows[0]) throw new UnknownIdError(`Unknown API key ${shown(keyId)}`);
  return { keyId: toPublicId('apiKey', uuid), revokedAt: iso(rows[0].revoked_at)! };
}
