import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { AuthFailureThrottle, addressKey } from './auth-throttle';

const silent = createLogger({ level: 'silent' });

function throttleAt(start: number, options: { limit?: number; maxAddresses?: number } = {}) {
  const clock = { now: start };
  const throttle = new AuthFailureThrottle({ logger: silent, now: () => clock.now, ...options });
  return { throttle, clock };
}

describe('AuthFailureThrottle', () => {
  it('allows `limit` failures per address per minute, then answers the wait until the window ends', () => {
    const { throttle, clock } = throttleAt(1_000_000, { limit: 3 });
    expect([1, 2, 3].map(() => throttle.recordFailure('a'))).toEqual([null, null, null]);
    clock.now += 20_000;
    expect(throttle.recordFailure('a')).toBe(40);
    expect(throttle.recordFailure('b')).toBeNull();
    clock.now += 39_500;
    expect(throttle.recordFailure('a')).toBe(1);
    clock.now += 500;
    // A new window: the count starts again.
    expect(throttle.recordFailure('a')).toBeNull();
  });

  it('keeps at most maxAddresses windows, dropping expired ones and then the oldest', () => {
    const { throttle, clock } = throttleAt(0, { limit: 1, maxAddresses: 100 });
    for (let i = 0; i < 1_000; i++) throttle.recordFailure(`10.0.${i >> 8}.${i & 255}`);
    expect(throttle.size).toBeLessThanOrEqual(100);
    // The newest address is still tracked (its 2nd failure is refused); the oldest were evicted.
    expect(throttle.recordFailure('10.0.3.231')).not.toBeNull();
    expect(throttle.recordFailure('10.0.0.0')).toBeNull();
    clock.now += 60_000;
    throttle.recordFailure('192.0.2.1');
    expect(throttle.size).toBe(1);
  });

  it('logs one warning per burst, not one per refused request', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'warn',
      destination: { write: (line) => lines.push(line) },
    });
    let now = 0;
    const throttle = new AuthFailureThrottle({ logger, limit: 2, now: () => now });
    for (let i = 0; i < 50; i++) throttle.recordFailure('198.51.100.7');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 40,
      clientAddress: '198.51.100.7',
      limit: 2,
    });
    now += 60_000;
    for (let i = 0; i < 50; i++) throttle.recordFailure('198.51.100.7');
    expect(lines).toHaveLength(2);
  });
});

describe('addressKey', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.0.0.2', '127.0.0.2'],
    [' 203.0.113.9 ', '203.0.113.9'],
    ['203.0.113.9:51234', '203.0.113.9'],
    ['[2001:db8:1:2:3:4:5:6]:443', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s → %s', (raw, key) => {
    expect(addressKey(raw)).toBe(key);
  });

  it.each(['', 'unknown', 'example.com', '1.2.3.4.5', '<script>'])(
    '%j is not an address',
    (raw) => {
      expect(addressKey(raw)).toBeNull();
    },
  );
});
