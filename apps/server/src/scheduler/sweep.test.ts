import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../runner/check-context';
import { interleaveByHost } from './sweep';

const context = (id: string, baseUrl: string) =>
  ({ connectionId: id, integration: { baseUrl } }) as unknown as CheckContext;

describe('interleaveByHost', () => {
  it('alternates hosts so no host is hit by every worker at once, and keeps every connection', () => {
    const claimed = [
      context('a1', 'https://a.example/api'),
      context('a2', 'https://a.example/api'),
      context('a3', 'https://a.example/v2'),
      context('b1', 'https://b.example'),
      context('c1', 'https://c.example:8443'),
      context('c2', 'https://c.example:8443'),
    ];
    expect(interleaveByHost(claimed).map((c) => c.connectionId)).toEqual([
      'a1',
      'b1',
      'c1',
      'a2',
      'c2',
      'a3',
    ]);
  });

  it('handles an empty claim and an unparsable base URL', () => {
    expect(interleaveByHost([])).toEqual([]);
    expect(interleaveByHost([context('x', 'not a url')]).map((c) => c.connectionId)).toEqual(['x']);
  });
});
