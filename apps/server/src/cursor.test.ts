import { expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';
import { AppError } from './errors';
import { fromPublicId, newId } from './ids';

const parse = (id: string) => fromPublicId('healthCheck', id);

it('round-trips a position', () => {
  const { id, uuid } = newId('healthCheck');
  const at = new Date('2026-01-25T10:15:00.123Z');
  expect(decodeCursor(encodeCursor(at, id), parse)).toEqual({ createdAt: at, id: uuid });
});

it.each([
  'not base64!',
  Buffer.from('{"a":1}').toString('base64url'),
  Buffer.from('["2026-01-01T00:00:00Z"]').toString('base64url'),
  Buffer.from('[1, 2]').toString('base64url'),
  Buffer.from(`["2026-01-01T00:00:00Z","${newId('connection').id}"]`).toString('base64url'),
])('refuses %s with 400 INVALID_CURSOR', (cursor) => {
  try {
    decodeCursor(cursor, parse);
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).code).toBe('INVALID_CURSOR');
  }
});
