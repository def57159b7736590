import dns, { type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isForbiddenAddress } from './address-policy';
import type { AllowList } from './allow-list';
import { OutboundBlockedError } from './outbound-blocked-error';

/** The resolver the guard asks; `dns.lookup` in production, a fake in tests. */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** What `net.connect` expects as its `lookup` option (either answer shape). */
export type ConnectLookup = (
  hostname: string,
  options: LookupOptions,
  callback: (
    error: NodeJS.ErrnoException | null,
    address: string | LookupAddress[],
    family?: number,
  ) => void,
) => void;

export const systemResolveAll: ResolveAll = (hostname, options, callback) => {
  dns.lookup(hostname, options, callback);
};

/** True when the guard lets a request for `hostname` connect to `address`. */
export function isAllowedDestination(
  allowList: AllowList,
  hostname: string,
  address: string,
): boolean {
  return allowList.allows(hostname, address) || !isForbiddenAddress(address);
}

/**
 * A `connect.lookup` for undici that resolves every address of the host, refuses the connection
 * if ANY of them is forbidden (a name with one public and one private record is an attack, not a
 * mistake), and hands net.connect exactly the addresses it vetted. net connects to those and
 * never resolves again, so DNS rebinding between check and connect is impossible; the URL's
 * host name is left untouched, so Host and TLS SNI stay correct.
 */
export function createGuardedLookup(
  allowList: AllowList,
  resolveAll: ResolveAll = systemResolveAll,
): ConnectLookup {
  return (hostname, options, callback) => {
    const { all, ...rest } = options;
    resolveAll(hostname, { ...rest, all: true }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      if (addresses.length === 0) {
        const notFound: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        notFound.code = 'ENOTFOUND';
        callback(notFound, []);
        return;
      }
      if (addresses.some(({ address }) => !isAllowedDestination(allowList, hostname, address))) {
        callback(
          new OutboundBlockedError(hostname, 'it resolves to a private or reserved address'),
          [],
        );
        return;
      }
      if (all) {
        callback(null, addresses);
      } else {
        const [first] = addresses as [LookupAddress];
        callback(null, first.address, first.family);
      }
    });
  };
}
