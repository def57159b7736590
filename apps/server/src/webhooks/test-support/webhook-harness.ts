import type { LookupAddress } from 'node:dns';
import { Writable } from 'node:stream';
import { apiClient } from '../../../test/support/api';
import { createLogger } from '../../logger';
import type { ResolveAll } from '../../outbound/guarded-lookup';
import type { RouteDeps } from '../../routes/route-deps';
import { webhookRoutes } from '../../routes/webhooks';
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

export function routeDepsOf(server: TestServer): RouteDeps {
  const { deps } = server;
  return {
    db: deps.db,
    cipher: deps.cipher,
    prober: deps.prober,
    config: deps.config,
    logger: deps.logger,
    now: deps.clock ?? (() => new Date()),
  };
}

const mounted = new WeakSet<TestServer>();

/**
 * Mounts the webhook routes on a test server's app, after its tenant auth, as the lead wires
 * them in createApp. Must run before the app serves its first request (Hono builds its router
 * then).
 */
export function mountWebhookRoutes(server: TestServer, resolveAll?: ResolveAll): void {
  if (mounted.has(server)) return;
  mounted.add(server);
  server.app.route('/api/v1', webhookRoutes(routeDepsOf(server), { resolveAll }));
}

/** A new tenant and an API client for it. */
export async function tenantApi(server: () => TestServer) {
  const { tenantId, apiKey } = await server().createTenant();
  return { tenantId, apiKey, api: apiClient(server, apiKey) };
}
