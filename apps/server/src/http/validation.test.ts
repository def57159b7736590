import { describe, expect, it } from 'vitest';
import { findBadString, findTooDeep, MAX_JSON_DEPTH } from './validation';

// The two body scans against plain recursive references, on seeded random JSON whose strings and
// keys are full of brackets, quotes, backslashes, NULs and surrogates.

function mulberry32(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TRICKY = ['[', ']', '{', '}', '"', '\\', ',', ':', 'a', 'é', '😀', '\\u0000', '\u0000'];
const ODD = ['\ud800', '\udfff', '\u0000'];

function randomValue(random: () => number, depth: number, odd: boolean): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const text = () => {
    let s = '';
    for (let i = Math.floor(random() * 6); i > 0; i -= 1) {
      s += odd && random() < 0.05 ? pick(ODD) : pick(TRICKY);
    }
    return s;
  };
  const roll = random();
  if (depth <= 0 || roll < 0.3) return pick([() => text(), () => 1.5, () => null, () => true])();
  const size = Math.floor(random() * 4);
  if (roll < 0.65) return Array.from({ length: size }, () => randomValue(random, depth - 1, odd));
  const object: Record<string, unknown> = {};
  for (let i = 0; i < size; i += 1) object[text()] = randomValue(random, depth - 1, odd);
  return object;
}

/** Path to the first (document order) array or object deeper than `limit`; recursive. */
function referenceTooDeep(
  value: unknown,
  limit: number,
  level = 0,
  path: string[] = [],
): string[] | null {
  if (value === null || typeof value !== 'object') return null;
  if (level + 1 > limit) return path;
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  for (const [key, item] of entries) {
    // Keys are named without their NUL characters, as the NUL check names them.
    const named = key.replaceAll('\u0000', '');
    const found: string[] | null = referenceTooDeep(item, limit, level + 1, [...path, named]);
    if (found) return found;
  }
  return null;
}

const bad = (text: string) =>
  text.includes('\u0000')
    ? 'nul'
    : /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)
      ? 'surrogate'
      : null;

function referenceBadString(value: unknown, path: string[] = []): unknown {
  if (typeof value === 'string') return bad(value) ? { path, problem: bad(value) } : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = referenceBadString(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (bad(key)) return { path: [...path, key.replaceAll('\u0000', '')], problem: bad(key) };
    const found = referenceBadString(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

describe('findTooDeep (raw text, before JSON.parse)', () => {
  it('agrees with a recursive walk of the parsed value on 3,000 random documents', () => {
    const random = mulberry32(12);
    for (let round = 0; round < 3_000; round += 1) {
      const value = randomValue(random, 1 + Math.floor(random() * 9), false);
      const text = JSON.stringify(value, null, random() < 0.3 ? 2 : undefined);
      const limit = 1 + Math.floor(random() * 8);
      expect(findTooDeep(text, limit), `${text} (limit ${limit})`).toEqual(
        referenceTooDeep(value, limit),
      );
    }
  });

  it('counts levels like the documented limit: 64 pass, 65 do not', () => {
    const arrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(findTooDeep(arrays(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBeNull();
    expect(findTooDeep(arrays(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toHaveLength(MAX_JSON_DEPTH);
    expect(findTooDeep('{}', 1)).toBeNull();
    expect(findTooDeep('[{}]', 1)).toEqual(['0']);
    expect(findTooDeep('"[[[[[["', 1)).toBeNull();
    expect(findTooDeep('{"a\\"[":[1,2,{"b":[]}]}', 3)).toEqual(['a"[', '2', 'b']);
  });

  it('stops early on malformed text and never throws', () => {
    expect(findTooDeep('['.repeat(1_000_000), 64)).toHaveLength(64);
    expect(findTooDeep(']]]]}}}}', 1)).toBeNull();
    expect(findTooDeep('{[[[', 2)).toEqual([]);
    expect(findTooDeep('{"unterminated', 1)).toBeNull();
    expect(findTooDeep('{"k\\', 1)).toBeNull();
  });
});

describe('findBadString (iterative)', () => {
  it('agrees with a recursive walk on 3,000 random values', () => {
    const random = mulberry32(34);
    for (let round = 0; round < 3_000; round += 1) {
      const value = randomValue(random, 1 + Math.floor(random() * 6), true);
      expect(findBadString(value), JSON.stringify(value)).toEqual(referenceBadString(value));
    }
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const found = findBadString(deep);
    expect(found?.problem).toBe('nul');
    expect(found?.path).toHaveLength(100_000);
  });

  it('accepts valid pairs and refuses reversed or lone halves', () => {
    expect(findBadString({ a: '😀', b: ['\ud83d\ude00'] })).toBeNull();
    expect(findBadString({ a: '\ude00\ud83d' })).toEqual({ path: ['a'], problem: 'surrogate' });
    expect(findBadString(['ok', { 'k\ud800': 1 }])).toEqual({
      path: ['1', 'k\ud800'],
      problem: 'surrogate',
    });
  });
});
