import type { AllowList } from '../outbound/allow-list';
import { literalHostAllowed } from '../outbound/guarded-agent';
import {
  isAllowedDestination,
  type ResolveAll,
  systemResolveAll,
} from '../outbound/guarded-lookup';

const RESOLVE_TIMEOUT_MS = 3_000;

/**
 * Why the SSRF guard would refuse to deliver to `url`, or null when it would connect. Checked when
 * a webhook is created or its URL changed, so a user learns at once rather than from failed
 * deliveries; the sender checks again on every attempt (DNS may change in between). A name that
 * does not resolve right now is accepted: that is not a refusal, and DNS may be set up later.
 */
export async function ssrfRefusal(
  url: string,
  allowList: AllowList,
  resolveAll: ResolveAll = systemResolveAll,
): Promise<string | null> {
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '') return 'must not contain credentials';
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  const refused = 'points to a private or reserved address (not allowed for webhooks)';
  const literal = literalHostAllowed(parsed, allowList);
  if (literal !== null) return literal ? null : refused;
  if (allowList.allows(parsed.hostname)) return null;
  const addresses = await new Promise<string[]>((resolve) => {
    // A resolver that hangs must not hold the request: treat it as "does not resolve yet".
    const timer = setTimeout(() => resolve([]), RESOLVE_TIMEOUT_MS);
    resolveAll(host, { all: true }, (error, found) => {
      clearTimeout(timer);
      resolve(error ? [] : found.map((a) => a.address));
    });
  });
  return addresses.some((address) => !isAllowedDestination(allowList, parsed.hostname, address))
    ? refused
    : null;
}
