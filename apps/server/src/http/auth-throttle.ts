import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import ipaddr from 'ipaddr.js';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { AppEnv } from './app-env';

/** The default `WAYGATE_AUTH_FAILURE_LIMIT`: failed attempts per address per window. */
export const DEFAULT_AUTH_FAILURE_LIMIT = 30;
const WINDOW_MS = 60_000;
/** Addresses tracked at once; beyond it the oldest windows are dropped first. */
const MAX_ADDRESSES = 10_000;
/** The key of requests that came without a socket (in-process `app.request`, other runtimes). */
export const UNKNOWN_ADDRESS = 'unknown';

export interface AuthThrottleOptions {
  /** Failures allowed per address per window; the next one is answered 429. */
  limit?: number;
  logger: Logger;
  windowMs?: number;
  maxAddresses?: number;
  /** Milliseconds clock (tests). */
  now?: () => number;
}

interface Window {
  start: number;
  failures: number;
}

/**
 * Counts failed authentications (tenant API key or CRON_SECRET) per client address in fixed
 * one-minute windows that start at an address's first failure. Only failures are counted and
 * only failures are refused: a request with a valid key is never answered 429, whatever its
 * address did before. Memory is bounded: at most `maxAddresses` windows, the oldest evicted
 * first (expired ones before live ones).
 */
export class AuthFailureThrottle {
  readonly limit: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;
  /** Insertion order = window start order (a restarted window is re-inserted at the end). */
  private readonly windows = new Map<string, Window>();

  constructor(private readonly options: AuthThrottleOptions) {
    this.limit = options.limit ?? DEFAULT_AUTH_FAILURE_LIMIT;
    this.windowMs = options.windowMs ?? WINDOW_MS;
    this.maxAddresses = options.maxAddresses ?? MAX_ADDRESSES;
    this.now = options.now ?? Date.now;
  }

  /** Addresses currently tracked. */
  get size(): number {
    return this.windows.size;
  }

  /**
   * Records one failure of `address`. Returns the seconds to wait when this failure is over
   * the limit (answer 429), or null (answer the usual 401).
   */
  recordFailure(address: string): number | null {
    const now = this.now();
    let window = this.windows.get(address);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.delete(address);
      this.makeRoom(now);
      window = { start: now, failures: 0 };
      this.windows.set(address, window);
    }
    window.failures += 1;
    if (window.failures <= this.limit) return null;
    if (window.failures === this.limit + 1) {
      // One line per burst: the first refused attempt of an address's window, not every one.
      this.options.logger.warn(
        { clientAddress: address, limit: this.limit, windowSeconds: this.windowMs / 1000 },
        'too many failed authentication attempts from one address: answering 429 until the window ends',
      );
    }
    return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
  }

  private makeRoom(now: number): void {
    for (const [address, window] of this.windows) {
      if (this.windows.size < this.maxAddresses && now - window.start < this.windowMs) return;
      this.windows.delete(address);
    }
  }
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; an IPv6 address → its /64 (one host usually owns a whole /64). */
export function addressKey(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  if (!ipaddr.isValid(text)) return null;
  let address = ipaddr.parse(text);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // No Node socket behind this request (in-process `app.request`, a non-Node runtime).
    return undefined;
  }
}

/**
 * The client address the throttle counts against. Without `trustProxy`, the TCP peer. With it,
 * the LAST `X-Forwarded-For` entry: the one the proxy in front of this server appended (it saw
 * the client's socket); entries to its left come from the client and can be anything it likes,
 * so using the first would let an attacker pick a fresh address for every attempt.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1);
    const key = last ? addressKey(last) : null;
    if (key) return key;
  }
  const socket = socketAddress(c);
  return (socket && addressKey(socket)) ?? UNKNOWN_ADDRESS;
}

/**
 * Middleware for everything under `/api/v1`: lets the request run (so a valid key always
 * passes), and when it ended in 401 counts a failure for the client address; past the limit the
 * 401 becomes 429 `TOO_MANY_AUTH_FAILURES` with Retry-After.
 */
export function authFailureThrottle(throttle: AuthFailureThrottle, trustProxy: boolean) {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    if (c.res.status !== 401) return;
    const address = clientAddress(c, trustProxy);
    const retryAfterSeconds = throttle.recordFailure(address);
    if (retryAfterSeconds === null) return;
    throw new AppError(
      'TOO_MANY_AUTH_FAILURES',
      `Too many failed authentication attempts from this address; retry after ${retryAfterSeconds} s with a valid key`,
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  };
  return middleware;
}
