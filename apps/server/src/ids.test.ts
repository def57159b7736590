import { expect, it } from 'vitest';
import { fromPublicId, newId, newUuid, toPublicId } from './ids';

it('round-trips a public id through its uuid', () => {
  const { id, uuid } = newId('connection');
  expect(id).toMatch(/^conn_[0-9A-HJKMNP-TV-Z]{26}$/);
  expect(fromPublicId('connection', id)).toBe(uuid);
  expect(toPublicId('connection', uuid)).toBe(id);
  expect(fromPublicId('connection', id.toLowerCase().replace('conn_', 'conn_'))).toBe(uuid);
});

it('sorts by creation time', () => {
  const early = toPublicId('healthCheck', newUuid(new Date('2026-01-01T00:00:00Z')));
  const late = toPublicId('healthCheck', newUuid(new Date('2026-01-01T00:00:00.001Z')));
  expect(early < late).toBe(true);
});

it.each([
  ['another kind', 'int_01M8E76CPYGNMMFFPPJWCGP75K'],
  ['too short', 'conn_01M8E76'],
  ['a letter outside Crockford base32', 'conn_01M8E76CRR3TSARNYVSZ1794DU'],
  ['more than 128 bits', 'conn_81M8E76CRR3TSARNYVSZ1794D4'],
  ['not a string', 42],
])('rejects %s', (_name, value) => {
  expect(fromPublicId('connection', value)).toBeNull();
});
