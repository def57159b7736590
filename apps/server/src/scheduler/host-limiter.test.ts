import { describe, expect, it, vi } from 'vitest';
import { HostLimiter } from './host-limiter';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HostLimiter', () => {
  it('never runs more than `concurrency` tasks for one host at once', async () => {
    const limiter = new HostLimiter({ concurrency: 3, requestsPerSecond: 1000 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run('api.example.com', async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await sleep(5);
          inFlight -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('keeps hosts independent', async () => {
    const limiter = new HostLimiter({ concurrency: 1, requestsPerSecond: 1000 });
    const started: string[] = [];
    let releaseA!: () => void;
    const a = limiter.run('a.example', () => {
      started.push('a');
      return new Promise<void>((resolve) => {
        releaseA = resolve;
      });
    });
    const b = limiter.run('b.example', async () => {
      started.push('b');
    });
    await b;
    expect(started).toEqual(['a', 'b']);
    releaseA();
    await a;
  });

  it('starts at most `requestsPerSecond` requests within any second', async () => {
    vi.useFakeTimers();
    try {
      const limiter = new HostLimiter({ concurrency: 100, requestsPerSecond: 5, now: Date.now });
      const starts: number[] = [];
      const all = Promise.all(
        Array.from({ length: 12 }, () =>
          limiter.run('h', async () => void starts.push(Date.now())),
        ),
      );
      await vi.advanceTimersByTimeAsync(5000);
      await all;
      expect(starts).toHaveLength(12);
      for (const t of starts) {
        expect(starts.filter((s) => s > t - 1000 && s <= t).length).toBeLessThanOrEqual(5);
      }
      // Throttled, not stalled: 12 requests at 5/s need just over two seconds.
      expect(starts.at(-1)! - starts[0]!).toBeLessThanOrEqual(2100);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds a host back after a 429 until Retry-After has passed', async () => {
    vi.useFakeTimers();
    try {
      const limiter = new HostLimiter({ concurrency: 10, requestsPerSecond: 100, now: Date.now });
      limiter.pause('h', 2000);
      expect(limiter.pausedFor('h')).toBe(2000);
      let ran = false;
      const task = limiter.run('h', async () => {
        ran = true;
      });
      await vi.advanceTimersByTimeAsync(1500);
      expect(ran).toBe(false);
      await vi.advanceTimersByTimeAsync(600);
      await task;
      expect(ran).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('releases the slot when a task throws', async () => {
    const limiter = new HostLimiter({ concurrency: 1, requestsPerSecond: 1000 });
    await expect(limiter.run('h', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(limiter.run('h', async () => 'next')).resolves.toBe('next');
  });
});
