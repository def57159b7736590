import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { parseAllowList } from './allow-list';
import { createGuardedLookup, type ResolveAll } from './guarded-lookup';

const records =
  (addresses: LookupAddress[]): ResolveAll =>
  (_hostname, options, callback) => {
    expect(options.all).toBe(true); // the guard always asks for every address
    callback(null, addresses);
  };

function lookupOnce(
  resolve: ResolveAll,
  all: boolean,
  allow?: string,
): Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }> {
  const lookup = createGuardedLookup(parseAllowList(allow), resolve);
  return new Promise((done) =>
    lookup('api.example', { all }, (error, address, family) => done({ error, address, family })),
  );
}

const PUBLIC = { address: '93.184.216.34', family: 4 };
const PUBLIC6 = { address: '2606:2800:220:1::1', family: 6 };

describe('createGuardedLookup', () => {
  it('answers net.connect in both shapes with the vetted addresses', async () => {
    const resolve = records([PUBLIC, PUBLIC6]);
    expect(await lookupOnce(resolve, true)).toEqual({
      error: null,
      address: [PUBLIC, PUBLIC6],
      family: undefined,
    });
    expect(await lookupOnce(resolve, false)).toEqual({
      error: null,
      address: PUBLIC.address,
      family: 4,
    });
  });

  it.each([
    [[{ address: '127.0.0.1', family: 4 }]],
    [[PUBLIC, { address: '10.0.0.5', family: 4 }]],
    [[PUBLIC6, { address: 'fd00::5', family: 6 }]],
    [[{ address: '::ffff:169.254.169.254', family: 6 }]],
  ])('refuses when any resolved address is forbidden: %j', async (addresses) => {
    for (const all of [true, false]) {
      const { error } = await lookupOnce(records(addresses), all);
      expect(error?.code).toBe('ERR_SSRF_BLOCKED');
    }
  });

  it('lets allow-listed hosts and networks through', async () => {
    const loopback = records([{ address: '127.0.0.1', family: 4 }]);
    expect((await lookupOnce(loopback, true, 'api.example')).error).toBeNull();
    expect((await lookupOnce(loopback, true, '127.0.0.0/8')).error).toBeNull();
    expect((await lookupOnce(loopback, true, 'other.example')).error?.code).toBe(
      'ERR_SSRF_BLOCKED',
    );
  });

  it('passes resolver errors through and treats an empty answer as not found', async () => {
    const failing: ResolveAll = (_hostname, _options, callback) => {
      const error: NodeJS.ErrnoException = new Error('getaddrinfo EAI_AGAIN api.example');
      error.code = 'EAI_AGAIN';
      callback(error, []);
    };
    expect((await lookupOnce(failing, true)).error?.code).toBe('EAI_AGAIN');
    expect((await lookupOnce(records([]), true)).error?.code).toBe('ENOTFOUND');
  });
});
