import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, fieldName, parseWith } from '../errors';

/** Request bodies above this size are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * JSON request bodies may nest arrays and objects this deep (`{}` is one level). Deeper bodies are
 * refused with 400 VALIDATION_ERROR by a linear scan of the raw text, before `JSON.parse` builds
 * anything. No API body needs more than a handful of levels.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads a JSON body with the size limit, then validates it. An empty body is treated as `{}`
 * when `allowEmpty` (for POSTs whose body is optional).
 */
export async function readJson<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: { allowEmpty?: boolean } = {},
): Promise<z.output<S>> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > MAX_BODY_BYTES) throw tooLarge();
  const type = c.req.header('content-type') ?? '';
  const isJson = !type || /^application\/([\w.+-]*\+)?json\b/i.test(type);
  const unsupported = () =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    if (!isJson) throw unsupported();
    // Decoding leniently would store U+FFFD in place of the bytes sent: refuse instead.
    throw new AppError('INVALID_JSON', 'The request body is not valid UTF-8', {
      field: '(body)',
    });
  }
  if (text.trim() === '') {
    if (options.allowEmpty) return parseWith(schema, {});
    throw new AppError('INVALID_JSON', 'The request body must be a JSON object', {
      field: '(body)',
    });
  }
  if (!isJson) throw unsupported();
  // Before JSON.parse: a 60 kB body can nest 30,000 levels, which nothing downstream should walk.
  const tooDeep = findTooDeep(text, MAX_JSON_DEPTH);
  if (tooDeep) {
    throw bodyFieldError(
      tooDeep,
      `nested deeper than ${MAX_JSON_DEPTH} levels (the JSON nesting limit)`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_JSON', 'The request body is not valid JSON', {
      field: '(body)',
    });
  }
  const bad = findBadString(value);
  if (bad) {
    // PostgreSQL text cannot hold U+0000, and a lone surrogate would be stored as U+FFFD:
    // refuse both here instead of failing in, or silently changing data on the way to, the database.
    throw bodyFieldError(
      bad.path,
      bad.problem === 'nul'
        ? 'must not contain the NUL character'
        : 'must be valid Unicode (it holds a lone surrogate)',
    );
  }
  return parseWith(schema, value);
}

function bodyFieldError(path: readonly string[], message: string): AppError {
  const field = fieldName(path);
  return new AppError('VALIDATION_ERROR', `${field}: ${message}`, {
    field,
    issues: [{ field, message }],
  });
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

/**
 * One linear, non-recursive pass over raw JSON text: the path (keys and indexes) of the first
 * array or object nested deeper than `limit` levels, or null. Brackets inside strings do not
 * count. Malformed text is not judged here (JSON.parse does that next); the scan only stops early.
 */
export function findTooDeep(text: string, limit: number): string[] | null {
  // Per open container, outermost first: whether it is an object, the index of the current
  // element (arrays) and the raw text span of the current key (objects).
  const isObject: boolean[] = [];
  const index: number[] = [];
  const keyFrom: number[] = [];
  const keyTo: number[] = [];
  let depth = 0;
  let expectingKey = false;
  const length = text.length;
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const start = i;
      i += 1;
      while (i < length) {
        const inner = text.charCodeAt(i);
        if (inner === QUOTE) break;
        i += inner === BACKSLASH ? 2 : 1;
      }
      if (expectingKey && depth > 0) {
        keyFrom[depth - 1] = start;
        keyTo[depth - 1] = i + 1;
        expectingKey = false;
      }
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (depth >= limit) return containerPath(text, depth, isObject, index, keyFrom, keyTo);
      isObject[depth] = code === OPEN_OBJECT;
      index[depth] = 0;
      keyFrom[depth] = -1;
      depth += 1;
      expectingKey = code === OPEN_OBJECT;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      if (depth > 0) depth -= 1;
      expectingKey = false;
    } else if (code === COMMA && depth > 0) {
      if (isObject[depth - 1]) expectingKey = true;
      else index[depth - 1] = (index[depth - 1] ?? 0) + 1;
    }
  }
  return null;
}

/** The path of the value inside the `depth` open containers (keys decoded, indexes as strings). */
function containerPath(
  text: string,
  depth: number,
  isObject: boolean[],
  index: number[],
  keyFrom: number[],
  keyTo: number[],
): string[] {
  const path: string[] = [];
  for (let level = 0; level < depth; level += 1) {
    if (!isObject[level]) {
      path.push(String(index[level] ?? 0));
      continue;
    }
    const from = keyFrom[level] ?? -1;
    if (from < 0) break; // malformed (a container where a key belongs): stop at what is known
    const raw = text.slice(from, keyTo[level]);
    let key: string;
    try {
      key = JSON.parse(raw) as string;
    } catch {
      key = raw.slice(1, -1);
    }
    path.push(key.replaceAll('\u0000', ''));
  }
  return path;
}

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type StringProblem = 'nul' | 'surrogate';

function problemOf(text: string): StringProblem | null {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  return null;
}

/** An array or object being walked: its children are visited in order from `next`. */
interface Frame {
  container: unknown[] | Record<string, unknown>;
  /** Object keys in order; null for an array. */
  keys: string[] | null;
  next: number;
  /** This container's key or index under its parent (null for the body itself). */
  name: string | null;
  parent: Frame | null;
}

function framePath(frame: Frame, last: string): string[] {
  const path = [last];
  for (let at: Frame | null = frame; at && at.name !== null; at = at.parent) path.push(at.name);
  return path.reverse();
}

function frameOf(value: unknown, name: string | null, parent: Frame | null): Frame | null {
  if (Array.isArray(value)) return { container: value, keys: null, next: 0, name, parent };
  if (value && typeof value === 'object') {
    const container = value as Record<string, unknown>;
    return { container, keys: Object.keys(container), next: 0, name, parent };
  }
  return null;
}

/**
 * The first string or key (in document order) holding U+0000 or a lone surrogate, with its path,
 * or null. Iterative (a stack of frames, one per open container, each pointing at its parent), so
 * no depth can overflow the call stack and no path is copied per level.
 */
export function findBadString(value: unknown): { path: string[]; problem: StringProblem } | null {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    return problem ? { path: [], problem } : null;
  }
  const root = frameOf(value, null, null);
  const stack: Frame[] = root ? [root] : [];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const { keys, container } = frame;
    const size = keys ? keys.length : (container as unknown[]).length;
    if (frame.next >= size) {
      stack.pop();
      continue;
    }
    const at = frame.next;
    frame.next += 1;
    const key = keys ? (keys[at] as string) : null;
    if (key !== null) {
      const problem = problemOf(key);
      if (problem) return { path: framePath(frame, key.replaceAll('\u0000', '')), problem };
    }
    const child =
      key !== null ? (container as Record<string, unknown>)[key] : (container as unknown[])[at];
    if (typeof child === 'string') {
      const problem = problemOf(child);
      if (problem) return { path: framePath(frame, key ?? String(at)), problem };
    } else if (child !== null && typeof child === 'object') {
      const inner = frameOf(child, key ?? String(at), frame);
      if (inner) stack.push(inner);
    }
  }
  return null;
}

function tooLarge(): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
}
