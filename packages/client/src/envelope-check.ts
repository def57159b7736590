import type { ResponseIssue } from './errors';
import type { ExpectedBody } from './responses';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const issue = (path: string, message: string): ResponseIssue[] => [{ path, message }];

/**
 * The envelope checks every client makes, without zod: what a client needs to be correct even
 * when it does not validate `data` (an error envelope answered with 200, a proxy's JSON, a
 * list without a usable cursor, which would make `iterate()` loop or stop early). Returns the
 * first problem found, or nothing.
 */
export const envelopeIssues = (body: unknown, expected: ExpectedBody): ResponseIssue[] => {
  if (expected.envelope === 'ack' && body === undefined) return [];
  if (!isRecord(body)) return issue('', 'expected an object');
  if (body.success !== true) return issue('success', 'expected true');
  if (expected.envelope === 'one') {
    const { data } = body;
    if (isRecord(data) || (data === null && expected.nullable)) return [];
    return issue('data', expected.nullable ? 'expected an object or null' : 'expected an object');
  }
  if (expected.envelope === 'many') {
    const { data, pagination } = body;
    if (!Array.isArray(data)) return issue('data', 'expected an array');
    const bad = data.findIndex((item) => !isRecord(item));
    if (bad !== -1) return issue(`data.${bad}`, 'expected an object');
    if (!isRecord(pagination)) return issue('pagination', 'expected an object');
    if (typeof pagination.hasMore !== 'boolean') {
      return issue('pagination.hasMore', 'expected a boolean');
    }
    const { cursor } = pagination;
    if (cursor !== null && typeof cursor !== 'string') {
      return issue('pagination.cursor', 'expected a string or null');
    }
  }
  return [];
};
