import { isStorableTime } from './db/database';
import { AppError } from './errors';

/**
 * Opaque page cursors: base64url of `[createdAt ISO, id]`. Lists are ordered by
 * (created_at DESC, id DESC) so the pair is a strict position. Anything that does not decode to
 * exactly that shape is a 400 INVALID_CURSOR, never a 500 and never an empty page.
 */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(
  cursor: string,
  parseId: (id: string) => string | null,
): CursorPosition {
  const invalid = () =>
    new AppError('INVALID_CURSOR', 'cursor is not a cursor returned by this list', {
      field: 'cursor',
      issues: [{ field: 'cursor', message: 'invalid cursor' }],
    });
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string') throw invalid();
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || !isStorableTime(createdAt)) throw invalid();
  const uuid = parseId(id);
  if (!uuid) throw invalid();
  return { createdAt, id: uuid };
}
