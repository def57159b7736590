import type { CredentialCipher } from '../src/crypto/credential-cipher';
import type { Database } from '../src/db/database';
import { newUuid, toPublicId } from '../src/ids';

export interface SeedOptions {
  tenantId: string;
  /** One integration (one "API") per base URL; connections are spread round-robin. */
  baseUrls: string[];
  connections: number;
  /** The bearer token of connection i: the mock upstream picks its behaviour from the prefix. */
  tokenFor: (i: number) => string;
  /** Connections whose OAuth token has already expired (checked with zero outbound calls). */
  expired?: (i: number) => boolean;
  now: Date;
}

/**
 * Creates integrations, one GET test action each, and N active connections straight through
 * SQL (`unnest` batches), all due at once: the API would take minutes for 10,000. Credentials
 * are encrypted exactly as the API stores them.
 */
export async function seedConnections(
  db: Database,
  cipher: CredentialCipher,
  options: SeedOptions,
) {
  const integrationIds = options.baseUrls.map(() => newUuid(options.now));
  await db.query(
    `INSERT INTO integrations (id, tenant_id, name, base_url, status, auth_type, created_at, updated_at)
     SELECT id, $2, 'Bench API ' || ord, url, 'active', 'bearer', $4, $4
       FROM unnest($1::uuid[], $3::text[]) WITH ORDINALITY AS t(id, url, ord)`,
    [integrationIds, options.tenantId, options.baseUrls, options.now],
  );
  await db.query(
    `INSERT INTO actions (id, tenant_id, integration_id, name, method, path, tags, created_at)
     SELECT gen_random_uuid(), $2, id, 'Probe', 'GET', '/probe', ARRAY['health-check'], $3
       FROM unnest($1::uuid[]) AS t(id)`,
    [integrationIds, options.tenantId, options.now],
  );
  const tenantPublic = toPublicId('tenant', options.tenantId);
  const batch = 2_000;
  for (let start = 0; start < options.connections; start += batch) {
    const ids: string[] = [];
    const integrations: string[] = [];
    const ciphertexts: string[] = [];
    const types: string[] = [];
    const expiries: (Date | null)[] = [];
    for (let i = start; i < Math.min(options.connections, start + batch); i += 1) {
      const id = newUuid(options.now);
      const expired = options.expired?.(i) ?? false;
      const credentials = expired
        ? {
            type: 'oauth2' as const,
            accessToken: options.tokenFor(i),
            expiresAt: new Date(options.now.getTime() - 60_000).toISOString(),
          }
        : { type: 'bearer' as const, token: options.tokenFor(i) };
      ids.push(id);
      integrations.push(integrationIds[i % integrationIds.length]!);
      ciphertexts.push(
        cipher.encrypt(credentials, `${tenantPublic}:${toPublicId('connection', id)}`),
      );
      types.push(credentials.type);
      expiries.push(expired ? new Date(options.now.getTime() - 60_000) : null);
    }
    await db.query(
      `INSERT INTO connections (id, tenant_id, integration_id, name, status, credential_type,
         credentials_ciphertext, credential_expires_at, next_check_at, created_at, updated_at)
       SELECT id, $2, integration_id, 'Bench connection', 'active', type, ciphertext, expires, NULL, $7, $7
         FROM unnest($1::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
              AS t(id, integration_id, type, ciphertext, expires)`,
      [ids, options.tenantId, integrations, types, ciphertexts, expiries, options.now],
    );
  }
  return { integrationIds };
}
