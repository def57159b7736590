import type { FieldIssue } from '@waygate/health-core';
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors';

/** Request bodies above this size are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

function fieldOf(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  // An unknown key is reported on its parent object: name the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
  return path.length > 0 ? path.join('.') : '(body)';
}

/** zod issues → 400 VALIDATION_ERROR naming the first dotted field, all issues listed. */
export function validationFailure(error: z.ZodError, prefix?: string): AppError {
  const issues: FieldIssue[] = error.issues.slice(0, 20).map((issue) => {
    const field = fieldOf(issue);
    const named = prefix ? (field === '(body)' ? prefix : `${prefix}.${field}`) : field;
    const message =
      issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message.replace(/\s+/g, ' ');
    return { field: named, message };
  });
  const first = issues[0] ?? { field: '(body)', message: 'invalid' };
  return new AppError(400, 'VALIDATION_ERROR', `${first.field}: ${first.message}`, {
    field: first.field,
    issues,
  });
}

export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix?: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailure(result.error, prefix);
  return result.data;
}

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
  const text = new TextDecoder().decode(buffer);
  if (text.trim() === '') {
    if (options.allowEmpty) return parseWith(schema, {});
    throw new AppError(400, 'INVALID_JSON', 'The request body must be a JSON object', {
      field: '(body)',
    });
  }
  const type = c.req.header('content-type') ?? '';
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(400, 'INVALID_JSON', 'The request body is not valid JSON', {
      field: '(body)',
    });
  }
  const nulAt = findNul(value, []);
  if (nulAt) {
    // PostgreSQL text cannot hold U+0000; refuse it here instead of failing in the database.
    const field = nulAt.length ? nulAt.join('.') : '(body)';
    throw new AppError(400, 'VALIDATION_ERROR', `${field}: must not contain the NUL character`, {
      field,
      issues: [{ field, message: 'must not contain the NUL character' }],
    });
  }
  return parseWith(schema, value);
}

/** The path of the first string (or key) holding U+0000, or null. */
function findNul(value: unknown, path: string[]): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNul(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '')];
      const found = findNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function tooLarge(): AppError {
  return new AppError(
    413,
    'PAYLOAD_TOO_LARGE',
    `Request bodies are limited to ${MAX_BODY_BYTES} bytes`,
  );
}

/** Validates the query string (each key once; repeated keys are a validation error). */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const all = c.req.queries();
  const flat: Record<string, string> = {};
  for (const [key, values] of Object.entries(all)) {
    if (values.length > 1) {
      throw new AppError(400, 'VALIDATION_ERROR', `${key}: given more than once`, {
        field: key,
        issues: [{ field: key, message: 'given more than once' }],
      });
    }
    flat[key] = values[0] ?? '';
  }
  return parseWith(schema, flat);
}
