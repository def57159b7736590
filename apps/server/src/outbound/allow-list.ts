import type ipaddr from 'ipaddr.js';
import { parseAddress } from './address-policy';

/** Hosts and networks exempt from the SSRF guard (`WAYGATE_OUTBOUND_ALLOW`). */
export interface AllowList {
  /**
   * True when a request to `hostname` (as in the URL, brackets allowed), connecting to `address`
   * (a resolved address; defaults to `hostname` itself when that is an IP literal), is exempt.
   */
  allows(hostname: string, address?: string): boolean;
}

type Network = [ipaddr.IPv4 | ipaddr.IPv6, number];

// RFC 1123 labels; `_` is tolerated because internal DNS names use it.
const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

function normaliseHostname(hostname: string): string {
  let host = hostname.trim().toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  // `example.com.` and `example.com` name the same host.
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

function badEntry(entry: string): Error {
  return new Error(
    `Invalid outbound allow-list entry "${entry}": expected a host name (api.internal, *.internal), ` +
      'an IP address (127.0.0.1, ::1) or a CIDR (10.0.0.0/8, fd00::/8), separated by commas',
  );
}

function parseNetwork(entry: string): Network | undefined {
  const slash = entry.indexOf('/');
  if (slash === -1) {
    const address = parseAddress(entry);
    if (address === undefined) return undefined;
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  }
  const prefixText = entry.slice(slash + 1);
  const address = parseAddress(entry.slice(0, slash));
  if (address === undefined || !/^\d{1,3}$/.test(prefixText)) throw badEntry(entry);
  const prefix = Number(prefixText);
  const mappedIpv4 = address.kind() === 'ipv4' && entry.slice(0, slash).includes(':');
  // `::ffff:10.0.0.0/104` is the mapped spelling of `10.0.0.0/8`: keep the meaning.
  const effective = mappedIpv4 ? prefix - 96 : prefix;
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (effective < 0 || effective > max) throw badEntry(entry);
  return [address, effective];
}

// The text each parsed list came from, so that it can be handed to a worker thread (a parsed list
// holds closures and cannot be posted) and parsed again there.
const sources = new WeakMap<AllowList, string>();

/** The text `parseAllowList` parsed into `allowList`; undefined for a list built another way. */
export function allowListSource(allowList: AllowList): string | undefined {
  return sources.get(allowList);
}

/**
 * Parses a comma-separated list of host names, IP addresses and CIDRs. Host names match exactly
 * (case-insensitive, trailing dot ignored); `*.example.com` matches subdomains only. IP entries
 * and CIDRs match the address actually connected to, in any spelling (mapped IPv6 included).
 * Empty entries are ignored; anything else that does not parse throws, naming the entry.
 */
export function parseAllowList(value: string | undefined): AllowList {
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const networks: Network[] = [];

  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const network = parseNetwork(entry);
    if (network !== undefined) {
      networks.push(network);
      continue;
    }
    const host = normaliseHostname(entry);
    if (host.startsWith('*.') && HOST_NAME.test(host.slice(2))) {
      suffixes.push(host.slice(1));
    } else if (HOST_NAME.test(host) && !/^[0-9.]+$/.test(host)) {
      hosts.add(host);
    } else {
      throw badEntry(entry);
    }
  }

  const matchesNetwork = (address: string): boolean => {
    const parsed = parseAddress(address);
    if (parsed === undefined) return false;
    return networks.some(
      ([network, prefix]) => network.kind() === parsed.kind() && parsed.match(network, prefix),
    );
  };

  const allowList: AllowList = {
    allows(hostname, address) {
      const host = normaliseHostname(hostname);
      if (hosts.has(host) || suffixes.some((suffix) => host.endsWith(suffix))) return true;
      const target = address ?? (parseAddress(host) === undefined ? undefined : host);
      return target !== undefined && matchesNetwork(target);
    },
  };
  sources.set(allowList, value ?? '');
  return allowList;
}
