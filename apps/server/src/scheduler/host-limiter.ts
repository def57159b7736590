/**
 * Per-upstream-host throttle: at most `concurrency` requests in flight and `requestsPerSecond`
 * started per host, so that one API holding thousands of connections (FR-10) is never hammered.
 * A host that answers 429 is paused until its Retry-After has passed.
 */
export interface HostLimitOptions {
  concurrency: number;
  requestsPerSecond: number;
  /** Pause after a 429 that carried no Retry-After. */
  defaultBackoffMs?: number;
  now?: () => number;
}

interface HostState {
  inFlight: number;
  /** Start times within the last second, oldest first. */
  recentStarts: number[];
  pausedUntil: number;
  waiters: Array<() => void>;
  timer: ReturnType<typeof setTimeout> | null;
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();
  private readonly now: () => number;
  private readonly defaultBackoffMs: number;

  constructor(private readonly options: HostLimitOptions) {
    this.now = options.now ?? (() => performance.now());
    this.defaultBackoffMs = options.defaultBackoffMs ?? 30_000;
  }

  /** Runs `task` once the host has a free slot; the slot is released when it settles. */
  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const state = this.state(host);
    await new Promise<void>((resolve) => {
      state.waiters.push(resolve);
      this.pump(host, state);
    });
    try {
      return await task();
    } finally {
      state.inFlight -= 1;
      this.pump(host, state);
    }
  }

  /** Called when a host answered 429: no new request to it starts before the pause ends. */
  pause(host: string, retryAfterMs: number | undefined): void {
    const state = this.state(host);
    const until = this.now() + (retryAfterMs ?? this.defaultBackoffMs);
    state.pausedUntil = Math.max(state.pausedUntil, until);
  }

  /** Milliseconds a host stays paused (0 when not paused). */
  pausedFor(host: string): number {
    const state = this.hosts.get(host);
    return state ? Math.max(0, state.pausedUntil - this.now()) : 0;
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { inFlight: 0, recentStarts: [], pausedUntil: 0, waiters: [], timer: null };
      this.hosts.set(host, state);
    }
    return state;
  }

  private pump(host: string, state: HostState): void {
    while (state.waiters.length > 0) {
      const now = this.now();
      while (state.recentStarts.length > 0 && state.recentStarts[0]! <= now - 1000) {
        state.recentStarts.shift();
      }
      if (state.inFlight >= this.options.concurrency) return;
      let waitMs = 0;
      if (state.pausedUntil > now) waitMs = state.pausedUntil - now;
      else if (state.recentStarts.length >= this.options.requestsPerSecond) {
        waitMs = state.recentStarts[0]! + 1000 - now;
      }
      if (waitMs > 0) {
        if (!state.timer) {
          state.timer = setTimeout(() => {
            state.timer = null;
            this.pump(host, state);
          }, Math.ceil(waitMs));
        }
        return;
      }
      state.inFlight += 1;
      state.recentStarts.push(now);
      state.waiters.shift()!();
    }
    // Forget idle hosts so the map does not grow with every host ever seen; a host still inside
    // its rate window or pause keeps its state.
    const idle = state.inFlight === 0 && state.timer === null && state.pausedUntil <= this.now();
    if (idle && state.recentStarts.every((t) => t <= this.now() - 1000)) this.hosts.delete(host);
  }
}
