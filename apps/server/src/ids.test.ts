import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { fromPublicId, newId, newUuid, toPublicId } from './ids';

/** The previous (BigInt) codec, verbatim: the format must never change. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function bigintEncode(uuid: string): string {
  let value = 0n;
  for (const byte of Buffer.from(uuid.replace(/-/g, ''), 'hex'))
    value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}
function bigintNewUuidPrefix(now: Date): string {
  let ms = BigInt(Math.max(0, Math.floor(now.getTime())));
  const bytes = new Uint8Array(6);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(ms & 0xffn);
    ms >>= 8n;
  }
  return Buffer.from(bytes).toString('hex');
}

it('encodes exactly as the BigInt codec did, and decodes back (random and edge uuids)', () => {
  const hexes = [
    '0'.repeat(32),
    'f'.repeat(32),
    '8'.padEnd(32, '0'),
    `${'0'.repeat(31)}1`,
    ...Array.from({ length: 5000 }, () => randomBytes(16).toString('hex')),
  ];
  for (const hex of hexes) {
    const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const id = toPublicId('healthCheck', uuid);
    expect(id).toBe(`hc_${bigintEncode(uuid)}`);
    expect(fromPublicId('healthCheck', id)).toBe(uuid);
    expect(fromPublicId('healthCheck', `hc_${id.slice(3).toLowerCase()}`)).toBe(uuid);
    // Upper-case uuid text (as a driver might hand back) encodes the same.
    expect(toPublicId('healthCheck', uuid.toUpperCase())).toBe(id);
  }
  for (const at of [0, 1, 1_767_225_600_123, 2 ** 48 - 1]) {
    expect(newUuid(new Date(at)).replace(/-/g, '').slice(0, 12)).toBe(
      bigintNewUuidPrefix(new Date(at)),
    );
  }
});

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
