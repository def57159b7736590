import { isIP, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

// Characters an IP literal can contain in any of its notations (dotted, hex, octal, IPv6).
const IP_LITERAL_CHARS = /^[0-9a-fA-FxX.:]+$/;

/**
 * Parses an IP address the way the guard must see it. The text is first canonicalised by the
 * WHATWG URL parser, the same one that turns a request URL into the address undici connects to:
 * `0x7f000001`, `2130706433`, `0177.1` and `127.1` become `127.0.0.1`, and IPv6 is rewritten
 * in hex so that ipaddr.js cannot mistake `::8.8.8.8` (IPv4-compatible, `::/96`) for the mapped
 * form. IPv4-mapped IPv6 (`::ffff:7f00:1`) is then turned into the IPv4 address it reaches.
 * Returns `undefined` for anything that is not an IP address.
 */
export function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  let bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // A zone id (`fe80::1%eth0`) only ever qualifies a link-local address: drop it to classify.
  const zone = bare.indexOf('%');
  if (zone !== -1) bare = bare.slice(0, zone);
  if (!IP_LITERAL_CHARS.test(bare)) return undefined;
  const v6 = isIPv6(bare);
  // Without this, `127.0.0.1:8080` would be read by the URL parser as a host and a port.
  if (!v6 && bare.includes(':')) return undefined;
  let canonical: string;
  try {
    canonical = new URL(`http://${v6 ? `[${bare}]` : bare}/`).hostname;
  } catch {
    return undefined;
  }
  if (canonical.startsWith('[')) canonical = canonical.slice(1, -1);
  if (isIP(canonical) === 0) return undefined;
  const parsed = ipaddr.parse(canonical);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed;
}

/**
 * True when an outbound request must not connect to `address`: everything that is not plain
 * public unicast. ipaddr.js names loopback, private, link-local (169.254.169.254, the cloud
 * metadata endpoint), CGNAT, unspecified, broadcast, multicast, reserved, IPv6 unique-local and
 * link-local, NAT64/6to4/Teredo (which embed an IPv4 address we cannot vet) and so on; only
 * `unicast` is allowed. `::/96` (IPv4-compatible, e.g. `::127.0.0.1`) has no name in ipaddr.js
 * and is refused explicitly. Anything unparseable is refused: the guard fails closed.
 */
export function isForbiddenAddress(address: string): boolean {
  const parsed = parseAddress(address);
  if (parsed === undefined) return true;
  if (parsed.range() !== 'unicast') return true;
  if (parsed.kind() === 'ipv6') {
    const parts = (parsed as ipaddr.IPv6).parts;
    if (parts.slice(0, 6).every((part) => part === 0)) return true;
  }
  return false;
}
