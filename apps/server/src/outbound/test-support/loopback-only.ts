import net from 'node:net';
import tls from 'node:tls';
import { parseAddress } from '../address-policy';

/** Loopback, or the unspecified address (which the kernel routes to this machine). */
function isLocal(address: string): boolean {
  const range = parseAddress(address)?.range();
  return range === 'loopback' || range === 'unspecified';
}

/**
 * A safety net for the SSRF tests: if the guard ever regressed, a test must still not send a
 * packet to 169.254.169.254 or 10.0.0.1. This wraps `net.connect`/`tls.connect` (which undici
 * calls) so that any destination other than loopback is refused before a socket is opened, and
 * records the attempt so the test fails loudly. Returns the list of attempts and an uninstaller.
 */
export function installLoopbackOnlyNetwork(): { attempts: string[]; uninstall(): void } {
  const attempts: string[] = [];
  const originalNet = net.connect;
  const originalTls = tls.connect;

  const guardOptions = (options: Record<string, unknown>): Record<string, unknown> => {
    const host = String(options.host ?? 'localhost');
    if (net.isIP(host) !== 0) {
      if (!isLocal(host)) {
        attempts.push(host);
        throw new Error(`test network: refusing to connect to non-loopback ${host}`);
      }
      return options;
    }
    const lookup = options.lookup as net.LookupFunction | undefined;
    if (!lookup) {
      attempts.push(host);
      throw new Error(`test network: refusing an unguarded lookup of ${host}`);
    }
    const checked: net.LookupFunction = (hostname, lookupOptions, callback) => {
      lookup(hostname, lookupOptions, (error, address, family) => {
        const addresses = Array.isArray(address)
          ? address.map((entry) => entry.address)
          : [address];
        const outside = addresses.filter((candidate) => !isLocal(candidate));
        if (!error && outside.length > 0) {
          attempts.push(...outside);
          callback(new Error('test network: non-loopback address'), '', 0);
          return;
        }
        callback(error, address as string, family);
      });
    };
    return { ...options, lookup: checked };
  };

  const wrappedNet = ((options: unknown, ...rest: unknown[]) =>
    (originalNet as (...args: unknown[]) => net.Socket)(
      typeof options === 'object' && options !== null
        ? guardOptions(options as Record<string, unknown>)
        : options,
      ...rest,
    )) as typeof net.connect;
  const wrappedTls = ((options: unknown, ...rest: unknown[]) =>
    (originalTls as (...args: unknown[]) => tls.TLSSocket)(
      typeof options === 'object' && options !== null
        ? guardOptions(options as Record<string, unknown>)
        : options,
      ...rest,
    )) as typeof tls.connect;

  net.connect = wrappedNet;
  tls.connect = wrappedTls;
  return {
    attempts,
    uninstall() {
      net.connect = originalNet;
      tls.connect = originalTls;
    },
  };
}
