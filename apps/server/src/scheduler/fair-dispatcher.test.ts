import { describe, expect, it } from 'vitest';
import { type DispatchLimits, FairDispatcher } from './fair-dispatcher';

interface Item {
  tenantId: string;
  host: string;
  n: number;
}

const LIMITS: DispatchLimits = {
  concurrency: 100,
  tenantConcurrency: 100,
  hostConcurrency: 100,
  hostRequestsPerSecond: 10_000,
};

function dispatcher(limits: Partial<DispatchLimits> = {}, clock = { now: 0 }) {
  return new FairDispatcher<Item>({ ...LIMITS, ...limits }, () => clock.now);
}

function fill(d: FairDispatcher<Item>, tenantId: string, host: string, count: number) {
  for (let n = 0; n < count; n += 1) d.enqueue({ tenantId, host, n });
}

function takeAll(d: FairDispatcher<Item>): Item[] {
  const taken: Item[] = [];
  for (let item = d.take(); item; item = d.take()) taken.push(item);
  return taken;
}

describe('FairDispatcher', () => {
  it('takes round-robin across tenants, so a tenant with 1,000 queued cannot starve one with 2', () => {
    const d = dispatcher({ concurrency: 6 });
    fill(d, 'big', 'a.example', 1000);
    fill(d, 'small', 'b.example', 2);
    const first = takeAll(d);
    expect(first).toHaveLength(6);
    expect(first.filter((i) => i.tenantId === 'small')).toHaveLength(2);
    expect(first.slice(0, 4).map((i) => i.tenantId)).toEqual(['big', 'small', 'big', 'small']);
  });

  it('takes round-robin across hosts within a tenant', () => {
    const d = dispatcher();
    fill(d, 't', 'a', 3);
    fill(d, 't', 'b', 3);
    fill(d, 't', 'c', 1);
    expect(takeAll(d).map((i) => i.host)).toEqual(['a', 'b', 'c', 'a', 'b', 'a', 'b']);
  });

  it('holds the global, per-tenant and per-host limits', () => {
    const d = dispatcher({ concurrency: 10, tenantConcurrency: 4, hostConcurrency: 3 });
    fill(d, 'x', 'h1', 20);
    fill(d, 'x', 'h2', 20);
    fill(d, 'y', 'h1', 20);
    fill(d, 'z', 'h3', 20);
    const taken = takeAll(d);
    const count = (f: (i: Item) => boolean) => taken.filter(f).length;
    // x: 4 (its cap), h1: 3 shared by x and y, z: 3 (h3's cap) — 9 of the 10 global slots.
    expect(taken).toHaveLength(9);
    expect(count((i) => i.tenantId === 'x')).toBe(4);
    expect(count((i) => i.host === 'h1')).toBe(3);
    expect(count((i) => i.tenantId === 'z')).toBe(3);
    // A finished check frees its slots: the next take may use them.
    const one = taken.find((i) => i.host === 'h1')!;
    d.finish(one);
    expect(d.take()?.host).toBe('h1');
  });

  it('starts at most hostRequestsPerSecond per host within a second, then says when to retry', () => {
    const clock = { now: 10_000 };
    const d = dispatcher({ hostRequestsPerSecond: 5 }, clock);
    fill(d, 't', 'h', 12);
    const first = takeAll(d);
    expect(first).toHaveLength(5);
    for (const item of first) d.finish(item);
    expect(d.take()).toBeNull();
    clock.now += 400;
    expect(d.rateWaitMs()).toBe(600);
    clock.now += 600;
    expect(takeAll(d)).toHaveLength(5);
  });

  it('pauses one (tenant, host) pair: its queue comes back at once, others carry on', () => {
    const d = dispatcher();
    fill(d, 'hostile', 'shared.example', 30);
    fill(d, 'hostile', 'other.example', 2);
    fill(d, 'victim', 'shared.example', 3);
    const removed = d.pause('hostile', 'shared.example', 5_000, 1_000);
    expect(removed).toHaveLength(30);
    expect(d.queued).toBe(5);
    expect(d.pausedUntil('hostile', 'shared.example', 1_000)).toBe(5_000);
    expect(d.pausedUntil('victim', 'shared.example', 1_000)).toBeNull();
    expect(d.pausedUntil('hostile', 'shared.example', 5_000)).toBeNull();
    expect(
      takeAll(d)
        .map((i) => `${i.tenantId}@${i.host}`)
        .sort(),
    ).toEqual([
      'hostile@other.example',
      'hostile@other.example',
      'victim@shared.example',
      'victim@shared.example',
      'victim@shared.example',
    ]);
  });

  it('reports tenants holding their share, queued and in flight together', () => {
    const d = dispatcher({ tenantConcurrency: 2 });
    fill(d, 'a', 'h', 3);
    fill(d, 'b', 'h', 1);
    takeAll(d);
    expect(d.heldBy('a')).toBe(3);
    expect(d.tenantsHolding(3)).toEqual(['a']);
    expect(d.removeWhere()).toHaveLength(1);
    expect(d.queued).toBe(0);
    expect(d.inFlight).toBe(3);
  });

  it('names the checks of (tenant, host) pairs with a long queue, so claims can leave them out', () => {
    const d = dispatcher({ hostConcurrency: 2 });
    fill(d, 'a', 'hanging', 4);
    fill(d, 'a', 'fine', 1);
    fill(d, 'b', 'hanging', 1);
    expect(d.crowdedPairKeys(4, (i) => `${i.tenantId}@${i.host}`)).toEqual(['a@hanging']);
  });
});
