import { randomBytes } from 'node:crypto';
import { ID_PREFIXES, type IdKind } from '@waygate/health-core';

/**
 * IDs are ULIDs (48-bit millisecond time + 80 random bits) stored as `uuid` (16 bytes, which keeps
 * `health_checks` rows compact) and shown as `<prefix>_<Crockford base32>` (`conn_01J…`), so they
 * sort by creation time and a wrong kind of id is recognisable at the edge.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Char code → digit value, -1 for anything else (lower case accepted). */
const DECODE = new Int8Array(128).fill(-1);
for (const [index, char] of [...ALPHABET].entries()) {
  DECODE[char.charCodeAt(0)] = index;
  DECODE[char.toLowerCase().charCodeAt(0)] = index;
}
const ENCODED_LENGTH = 26;

/*
 * The codec works on the uuid's 32 hex digits without BigInt (an API request encodes dozens of
 * ids; BigInt shifts were ≈ 14 % of its CPU): 128 bits = the top byte (2 hex digits → 2 base32
 * digits, the first carrying its top 3 bits) + 6 groups of 20 bits (5 hex digits ↔ 4 base32
 * digits). The same 26 digits as the 128-bit number written in base 32 (ids.test.ts holds it
 * equal to the BigInt codec).
 */

const HEX = '0123456789abcdef';
/** Char code → hex nibble (either case), -1 for anything else. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  NIBBLE[HEX.charCodeAt(i)] = i;
  NIBBLE[HEX.toUpperCase().charCodeAt(i)] = i;
}

/** 32 hex digits (either case; dashes skipped) → 26 Crockford base32 digits. */
function encodeHex(uuid: string): string {
  // Nibbles 0-1 form the top byte; then 6 groups of 5 nibbles (20 bits).
  let out = '';
  let group = 0;
  let nibbles = 0;
  for (let i = 0; i < uuid.length; i++) {
    const code = uuid.charCodeAt(i);
    if (code === 45) continue; // '-'
    group = (group << 4) | (code < 128 ? NIBBLE[code]! & 15 : 0);
    nibbles++;
    if (nibbles === 2) {
      out = ALPHABET[group >> 5]! + ALPHABET[group & 31]!;
      group = 0;
    } else if (nibbles > 2 && (nibbles - 2) % 5 === 0) {
      out +=
        ALPHABET[(group >> 15) & 31]! +
        ALPHABET[(group >> 10) & 31]! +
        ALPHABET[(group >> 5) & 31]! +
        ALPHABET[group & 31]!;
      group = 0;
    }
  }
  return out;
}

/** Reused output buffer of decodeToUuid (synchronous, so never shared between calls). */
const UUID_BYTES = Buffer.alloc(36);
const HEX_CODES = Uint8Array.from(HEX, (c) => c.charCodeAt(0));
/** Where each of the 32 nibbles goes in the 8-4-4-4-12 text. */
const NIBBLE_POSITION = Uint8Array.from({ length: 32 }, (_, n) =>
  n < 8 ? n : n < 12 ? n + 1 : n < 16 ? n + 2 : n < 20 ? n + 3 : n + 4,
);
for (const dash of [8, 13, 18, 23]) UUID_BYTES[dash] = 45;

/** 26 base32 digits → the uuid text (lower case), or null (bad length, digit or over 128 bits). */
function decodeToUuid(text: string): string | null {
  if (text.length !== ENCODED_LENGTH) return null;
  let first = -1;
  let second = -1;
  let code = text.charCodeAt(0);
  if (code < 128) first = DECODE[code]!;
  code = text.charCodeAt(1);
  if (code < 128) second = DECODE[code]!;
  if (first < 0 || first > 7 || second < 0) return null;
  const top = (first << 5) | second;
  UUID_BYTES[0] = HEX_CODES[top >> 4]!;
  UUID_BYTES[1] = HEX_CODES[top & 15]!;
  let nibble = 2;
  for (let i = 2; i < ENCODED_LENGTH; i += 4) {
    let group = 0;
    for (let j = i; j < i + 4; j++) {
      const c = text.charCodeAt(j);
      const d = c < 128 ? DECODE[c]! : -1;
      if (d < 0) return null;
      group = (group << 5) | d;
    }
    for (let shift = 16; shift >= 0; shift -= 4) {
      UUID_BYTES[NIBBLE_POSITION[nibble++]!] = HEX_CODES[(group >> shift) & 15]!;
    }
  }
  return UUID_BYTES.toString('latin1', 0, 36);
}

function hexToUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new time-ordered id as the database stores it (uuid text). */
export function newUuid(now: Date = new Date()): string {
  const bytes = randomBytes(16);
  // 48-bit milliseconds, big-endian, in plain numbers (exact below 2^53).
  let ms = Math.max(0, Math.floor(now.getTime()));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  return hexToUuid(bytes.toString('hex'));
}

/** Database uuid → public id (`conn_01J…`). */
export function toPublicId(kind: IdKind, uuid: string): string {
  const hex =
    uuid.length === 36
      ? uuid.slice(0, 8) +
        uuid.slice(9, 13) +
        uuid.slice(14, 18) +
        uuid.slice(19, 23) +
        uuid.slice(24)
      : uuid.replace(/-/g, '');
  return `${ID_PREFIXES[kind]}_${encodeHex(hex)}`;
}

/** Public id → database uuid, or null when it is not an id of that kind (never throws). */
export function fromPublicId(kind: IdKind, id: unknown): string | null {
  if (typeof id !== 'string') return null;
  const prefix = `${ID_PREFIXES[kind]}_`;
  if (!id.startsWith(prefix)) return null;
  return decodeToUuid(id.slice(prefix.length));
}

/** A new public id and its uuid, for rows whose id the API returns. */
export function newId(kind: IdKind, now?: Date): { id: string; uuid: string } {
  const uuid = newUuid(now);
  return { id: toPublicId(kind, uuid), uuid };
}
