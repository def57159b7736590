import { randomBytes } from 'node:crypto';
import { ID_PREFIXES, type IdKind } from '@waygate/health-core';

/**
 * IDs are ULIDs (48-bit millisecond time + 80 random bits) stored as `uuid` (16 bytes, which keeps
 * `health_checks` rows compact) and shown as `<prefix>_<Crockford base32>` (`conn_01J…`), so they
 * sort by creation time and a wrong kind of id is recognisable at the edge.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DECODE = new Map<string, number>();
for (const [index, char] of [...ALPHABET].entries()) {
  DECODE.set(char, index);
  DECODE.set(char.toLowerCase(), index);
}
const ENCODED_LENGTH = 26;

function encodeBytes(bytes: Uint8Array): string {
  // 128 bits → 26 base32 digits; the first digit carries the top 3 bits.
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < ENCODED_LENGTH; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

function decodeText(text: string): Uint8Array | null {
  if (text.length !== ENCODED_LENGTH) return null;
  let value = 0n;
  for (const char of text) {
    const digit = DECODE.get(char);
    if (digit === undefined) return null;
    value = (value << 5n) | BigInt(digit);
  }
  if (value >> 128n !== 0n) return null;
  const bytes = new Uint8Array(16);
  for (let i = 15; i >= 0; i--) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
}

function bytesToUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new time-ordered id as the database stores it (uuid text). */
export function newUuid(now: Date = new Date()): string {
  const bytes = randomBytes(16);
  let ms = BigInt(Math.max(0, Math.floor(now.getTime())));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(ms & 0xffn);
    ms >>= 8n;
  }
  return bytesToUuid(bytes);
}

/** Database uuid → public id (`conn_01J…`). */
export function toPublicId(kind: IdKind, uuid: string): string {
  const bytes = Buffer.from(uuid.replace(/-/g, ''), 'hex');
  return `${ID_PREFIXES[kind]}_${encodeBytes(bytes)}`;
}

/** Public id → database uuid, or null when it is not an id of that kind (never throws). */
export function fromPublicId(kind: IdKind, id: unknown): string | null {
  if (typeof id !== 'string') return null;
  const prefix = `${ID_PREFIXES[kind]}_`;
  if (!id.startsWith(prefix)) return null;
  const bytes = decodeText(id.slice(prefix.length));
  return bytes ? bytesToUuid(bytes) : null;
}

/** A new public id and its uuid, for rows whose id the API returns. */
export function newId(kind: IdKind, now?: Date): { id: string; uuid: string } {
  const uuid = newUuid(now);
  return { id: toPublicId(kind, uuid), uuid };
}
