/**
 * The fair dispatcher: decides which claimed check starts next. No I/O and no timers, so its
 * rules are tested without a database or a clock.
 *
 * Order: round-robin across tenants, then round-robin across upstream hosts within a tenant.
 * Limits: checks in flight overall, per tenant (one tenant cannot hold every slot, whatever its
 * upstream does) and per host (one API is never hammered, whoever's connections point at it),
 * and requests started per host per second. A (tenant, host) pair that answered 429 is paused:
 * its queued checks are handed back to the caller at once, never held, so a hostile or
 * rate-limited upstream only ever slows its own tenant's checks to that host.
 */
export interface DispatchLimits {
  concurrency: number;
  tenantConcurrency: number;
  hostConcurrency: number;
  hostRequestsPerSecond: number;
}

export interface Dispatchable {
  tenantId: string;
  host: string;
}

interface TenantQueue<T> {
  byHost: Map<string, T[]>;
  /** Hosts with queued work, in round-robin order. */
  hostRing: string[];
  hostCursor: number;
  queued: number;
  inFlight: number;
}

interface HostState {
  inFlight: number;
  /** Start times (ms, monotonic) within the last second, oldest first. */
  starts: number[];
}

const pairKey = (tenantId: string, host: string) => `${tenantId}\u0000${host}`;

export class FairDispatcher<T extends Dispatchable> {
  private readonly tenants = new Map<string, TenantQueue<T>>();
  /** Tenants with queued work, in round-robin order. */
  private tenantRing: string[] = [];
  private tenantCursor = 0;
  private readonly hosts = new Map<string, HostState>();
  /** Pause end (wall-clock ms) per (tenant, host) pair. */
  private readonly pauses = new Map<string, number>();
  private queuedCount = 0;
  private inFlightCount = 0;

  constructor(
    private readonly limits: DispatchLimits,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  get queued(): number {
    return this.queuedCount;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Queued plus in flight, for one tenant. */
  heldBy(tenantId: string): number {
    const tenant = this.tenants.get(tenantId);
    return tenant ? tenant.queued + tenant.inFlight : 0;
  }

  /** Tenants holding at least `limit` checks (queued or in flight): a claim leaves them out. */
  tenantsHolding(limit: number): string[] {
    const full: string[] = [];
    for (const [id, tenant] of this.tenants) {
      if (tenant.queued + tenant.inFlight >= limit) full.push(id);
    }
    return full;
  }

  /**
   * `key` of every check queued for a (tenant, host) pair with at least `limit` queued: such a
   * host starts only a few at a time, so claiming more for it would only fill the queue.
   */
  crowdedPairKeys(limit: number, key: (item: T) => string): string[] {
    const keys = new Set<string>();
    for (const tenant of this.tenants.values()) {
      for (const queue of tenant.byHost.values()) {
        if (queue.length >= limit) for (const item of queue) keys.add(key(item));
      }
    }
    return [...keys];
  }

  enqueue(item: T): void {
    const tenant = this.tenantQueue(item.tenantId);
    let queue = tenant.byHost.get(item.host);
    if (!queue) {
      queue = [];
      tenant.byHost.set(item.host, queue);
      tenant.hostRing.push(item.host);
    }
    queue.push(item);
    if (tenant.queued === 0) this.tenantRing.push(item.tenantId);
    tenant.queued += 1;
    this.queuedCount += 1;
  }

  /** The next check allowed to start now, marked in flight; null when none may start. */
  take(): T | null {
    if (this.inFlightCount >= this.limits.concurrency) return null;
    const now = this.monotonic();
    const tenantCount = this.tenantRing.length;
    for (let k = 0; k < tenantCount; k += 1) {
      const ti = (this.tenantCursor + k) % tenantCount;
      const tenantId = this.tenantRing[ti]!;
      const tenant = this.tenants.get(tenantId)!;
      if (tenant.inFlight >= this.limits.tenantConcurrency) continue;
      const hostCount = tenant.hostRing.length;
      for (let j = 0; j < hostCount; j += 1) {
        const hi = (tenant.hostCursor + j) % hostCount;
        const host = tenant.hostRing[hi]!;
        if (!this.hostHasRoom(host, now)) continue;
        const queue = tenant.byHost.get(host)!;
        const item = queue.shift()!;
        if (queue.length === 0) {
          tenant.byHost.delete(host);
          tenant.hostRing.splice(hi, 1);
          tenant.hostCursor = hostCount > 1 ? hi % (hostCount - 1) : 0;
        } else {
          tenant.hostCursor = (hi + 1) % hostCount;
        }
        tenant.queued -= 1;
        tenant.inFlight += 1;
        this.queuedCount -= 1;
        this.inFlightCount += 1;
        const hostState = this.hostState(host);
        hostState.inFlight += 1;
        hostState.starts.push(now);
        if (tenant.queued === 0) {
          this.tenantRing.splice(ti, 1);
          this.tenantCursor = tenantCount > 1 ? ti % (tenantCount - 1) : 0;
        } else {
          this.tenantCursor = (ti + 1) % tenantCount;
        }
        return item;
      }
    }
    return null;
  }

  /** A started check has settled: its slots are free again. */
  finish(item: T): void {
    const tenant = this.tenants.get(item.tenantId);
    if (tenant) {
      tenant.inFlight -= 1;
      if (tenant.inFlight === 0 && tenant.queued === 0) this.tenants.delete(item.tenantId);
    }
    this.inFlightCount -= 1;
    const host = this.hosts.get(item.host);
    if (host) host.inFlight -= 1;
  }

  /**
   * Milliseconds until a per-host rate window lets a queued check start, when that is all that
   * holds queued work back; null when nothing is waiting on a rate window.
   */
  rateWaitMs(): number | null {
    const now = this.monotonic();
    let wait: number | null = null;
    for (const tenant of this.tenants.values()) {
      if (tenant.inFlight >= this.limits.tenantConcurrency) continue;
      for (const host of tenant.hostRing) {
        const state = this.hosts.get(host);
        if (!state || state.inFlight >= this.limits.hostConcurrency) continue;
        this.prune(state, now);
        if (state.starts.length >= this.limits.hostRequestsPerSecond) {
          const until = state.starts[0]! + 1000 - now;
          wait = wait === null ? until : Math.min(wait, until);
        }
      }
    }
    return wait === null ? null : Math.max(1, Math.ceil(wait));
  }

  /**
   * Pauses a (tenant, host) pair until `untilMs` (wall clock) and returns its queued checks,
   * removed, for the caller to hand back. Other tenants on the same host are not paused: a 429
   * is about the credentials that received it.
   */
  pause(tenantId: string, host: string, untilMs: number, nowMs: number): T[] {
    if (this.pauses.size >= 1000) {
      for (const [key, until] of this.pauses) if (until <= nowMs) this.pauses.delete(key);
    }
    const key = pairKey(tenantId, host);
    this.pauses.set(key, Math.max(this.pauses.get(key) ?? 0, untilMs));
    return this.removeWhere((item) => item.tenantId === tenantId && item.host === host);
  }

  /** When a pair's pause ends (wall clock ms), or null when it is not paused at `nowMs`. */
  pausedUntil(tenantId: string, host: string, nowMs: number): number | null {
    const key = pairKey(tenantId, host);
    const until = this.pauses.get(key);
    if (until === undefined) return null;
    if (until <= nowMs) {
      this.pauses.delete(key);
      return null;
    }
    return until;
  }

  /** Removes and returns every queued check matching `predicate` (default: all). */
  removeWhere(predicate: (item: T) => boolean = () => true): T[] {
    const removed: T[] = [];
    for (const [tenantId, tenant] of this.tenants) {
      for (const host of [...tenant.hostRing]) {
        const queue = tenant.byHost.get(host)!;
        if (!queue.some(predicate)) continue;
        const keep = queue.filter((item) => !predicate(item));
        for (const item of queue) if (predicate(item)) removed.push(item);
        tenant.queued -= queue.length - keep.length;
        this.queuedCount -= queue.length - keep.length;
        if (keep.length > 0) tenant.byHost.set(host, keep);
        else {
          tenant.byHost.delete(host);
          tenant.hostRing.splice(tenant.hostRing.indexOf(host), 1);
          tenant.hostCursor = 0;
        }
      }
      if (tenant.queued === 0) {
        const at = this.tenantRing.indexOf(tenantId);
        if (at >= 0) {
          this.tenantRing.splice(at, 1);
          if (this.tenantCursor > at) this.tenantCursor -= 1;
          if (this.tenantCursor >= this.tenantRing.length) this.tenantCursor = 0;
        }
        if (tenant.inFlight === 0) this.tenants.delete(tenantId);
      }
    }
    return removed;
  }

  private tenantQueue(tenantId: string): TenantQueue<T> {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = { byHost: new Map(), hostRing: [], hostCursor: 0, queued: 0, inFlight: 0 };
      this.tenants.set(tenantId, tenant);
    }
    return tenant;
  }

  private hostState(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { inFlight: 0, starts: [] };
      this.hosts.set(host, state);
    }
    return state;
  }

  private hostHasRoom(host: string, now: number): boolean {
    const state = this.hosts.get(host);
    if (!state) return true;
    if (state.inFlight >= this.limits.hostConcurrency) return false;
    this.prune(state, now);
    if (state.inFlight === 0 && state.starts.length === 0) {
      // Forget idle hosts so the map does not grow with every host ever seen.
      this.hosts.delete(host);
      return true;
    }
    return state.starts.length < this.limits.hostRequestsPerSecond;
  }

  private prune(state: HostState, now: number): void {
    let drop = 0;
    while (drop < state.starts.length && state.starts[drop]! <= now - 1000) drop += 1;
    if (drop > 0) state.starts.splice(0, drop);
  }
}
