import { isIP } from 'node:net';
import { Agent } from 'undici';
import type { AllowList } from './allow-list';
import { createGuardedLookup, isAllowedDestination, type ResolveAll } from './guarded-lookup';

export interface GuardedAgentOptions {
  allowList: AllowList;
  /** Headers, body and connect timeout of every request (ms). */
  timeoutMs: number;
  /** Connections per origin (undici's default when absent). */
  connections?: number;
  /** Resolver for the guard; tests inject one. */
  resolveAll?: ResolveAll;
}

/**
 * The one HTTP client for tenant-controlled URLs (the prober's test actions, webhook and
 * notification deliveries): an undici Agent whose every connection goes through the guarded
 * lookup — all addresses of a name resolved, refused if any is private or reserved, the vetted
 * address pinned so DNS cannot rebind between check and connect. Literal-IP hosts skip the lookup
 * in undici: callers vet those with `literalHostAllowed` before each request (and each redirect).
 */
export function createGuardedAgent(options: GuardedAgentOptions): Agent {
  return new Agent({
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connect: {
      timeout: options.timeoutMs,
      lookup: createGuardedLookup(options.allowList, options.resolveAll) as never,
    },
  });
}

/**
 * The guard's verdict on a URL whose host is an IP literal (`http://10.0.0.1/`, `http://[::1]/`,
 * and after WHATWG parsing `0x7f000001`, `0177.1`, `127.1`, `http://0/`): true when allowed, false
 * when private or reserved and not on the allow-list. Null for a named host, which the guarded
 * lookup vets when it connects. The only place the literal-IP check is written.
 */
export function literalHostAllowed(url: URL, allowList: AllowList): boolean | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) === 0) return null;
  return isAllowedDestination(allowList, url.hostname, host);
}
