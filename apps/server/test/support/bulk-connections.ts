import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database';
import { fromPublicId, toPublicId } from '../../src/ids';

/**
 * Copies a connection `count` times in one statement (same tenant, integration and credentials
 * facts, fresh ids, never checked): hundreds of connections without hundreds of API calls.
 * Returns the copies' public ids.
 */
export async function cloneConnection(
  db: Database,
  connectionId: string,
  count: number,
): Promise<string[]> {
  const now = Date.now();
  const uuids = Array.from({ length: count }, () => {
    const bytes = randomBytes(16);
    bytes.writeUIntBE(now, 0, 6);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
  await db.query(
    `INSERT INTO connections
     SELECT (jsonb_populate_record(NULL::connections, to_jsonb(c) || jsonb_build_object(
              'id', n.id, 'name', c.name || ' ' || n.ord, 'next_check_at', NULL))).*
       FROM connections c, unnest($2::uuid[]) WITH ORDINALITY AS n(id, ord)
      WHERE c.id = $1`,
    [fromPublicId('connection', connectionId), uuids],
  );
  return uuids.map((uuid) => toPublicId('connection', uuid));
}
