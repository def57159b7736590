import type { LookupAddress } from 'node:dns';
import { Writable } from 'node:stream';
import { apiClient } from '../../../test/support/api';
import { createLogger } from '../../logger';
import type { ResolveAll } from '../../outbound/guarded-lookup';
import type { TestServer } from '../../testing/test-server';

/** Log lines written by a server, for "no secret in the logs" assertions. */
export function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

/** A resolver with fixed answers; unknown names fail as ENOTFOUND. */
export function fakeResolver(answers: Record<string, string[]>): ResolveAll {
  return (hostname, _options, callback) => {
    const found = answers[hostname];
    if (!found) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = 'ENOTFOUND';
      callback(error, []);
      return;
    }
    const addresses: LookupAddress[] = found.map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
    callback(null, addresses);
  };
}

/** A new tenant and an API client for it. */
export async function tenantApi(server: () => TestServer) {
  const { tenantId, apiKey } = await server().createTenant();
  return { tenantId, apiKey, api: apiClient(server, apiKey) };
}
