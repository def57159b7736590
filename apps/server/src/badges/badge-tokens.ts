import { createHash, randomBytes } from 'node:crypto';
import { type Database, toIso } from '../db/database';
import { notFound } from '../errors';
import { fromPublicId, newUuid, toPublicId } from '../ids';

/** What a badge token points at. */
export type BadgeTarget = { kind: 'connection'; id: string } | { kind: 'integration'; id: string };

/** `wgb_` + 32 random bytes in base64url: unguessable, URL-safe, recognisable in a leak scan. */
const TOKEN_PATTERN = /^wgb_[A-Za-z0-9_-]{43}$/;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Resolves a public id of the given kind inside the tenant; 404 when absent (or another tenant's). */
async function targetUuid(
  db: Database,
  tenantId: string,
  kind: BadgeTarget['kind'],
  publicId: string,
): Promise<string> {
  const what = kind === 'connection' ? 'Connection' : 'Integration';
  const id = fromPublicId(kind, publicId);
  if (!id) throw notFound(what);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${kind === 'connection' ? 'connections' : 'integrations'}
      WHERE id = $1 AND tenant_id = $2`,
    [id, tenantId],
  );
  if (!rows[0]) throw notFound(what);
  return id;
}

/** Creates a token for a connection or integration; the token is returned once, stored hashed. */
export async function createBadgeToken(
  db: Database,
  tenantId: string,
  kind: BadgeTarget['kind'],
  publicId: string,
  now: Date,
): Promise<{ id: string; token: string; createdAt: string }> {
  const target = await targetUuid(db, tenantId, kind, publicId);
  const token = `wgb_${randomBytes(32).toString('base64url')}`;
  const id = newUuid(now);
  await db.query(
    `INSERT INTO badge_tokens (id, tenant_id, connection_id, integration_id, token_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      id,
      tenantId,
      kind === 'connection' ? target : null,
      kind === 'integration' ? target : null,
      hashToken(token),
      now,
    ],
  );
  return { id: toPublicId('badgeToken', id), token, createdAt: toIso(now)! };
}

/** Revokes (deletes) a token of this connection or integration; 404 when there is no such token. */
export async function revokeBadgeToken(
  db: Database,
  tenantId: string,
  kind: BadgeTarget['kind'],
  publicId: string,
  tokenPublicId: string,
): Promise<void> {
  const target = await targetUuid(db, tenantId, kind, publicId);
  const id = fromPublicId('badgeToken', tokenPublicId);
  if (!id) throw notFound('Badge token');
  const { rowCount } = await db.query(
    `DELETE FROM badge_tokens
      WHERE id = $1 AND tenant_id = $2 AND ${kind === 'connection' ? 'connection_id' : 'integration_id'} = $3`,
    [id, tenantId, target],
  );
  if (rowCount === 0) throw notFound('Badge token');
}

/** The target of a live token, or null for anything else (malformed, unknown, revoked). */
export async function resolveBadgeToken(
  db: Database,
  token: string,
): Promise<{ tenantId: string; target: BadgeTarget } | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const { rows } = await db.query<{
    tenant_id: string;
    connection_id: string | null;
    integration_id: string | null;
  }>('SELECT tenant_id, connection_id, integration_id FROM badge_tokens WHERE token_hash = $1', [
    hashToken(token),
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    target: row.connection_id
      ? { kind: 'connection', id: row.connection_id }
      : { kind: 'integration', id: row.integration_id! },
  };
}
