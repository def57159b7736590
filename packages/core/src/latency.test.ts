import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToLatencySketch,
  createLatencySketch,
  LATENCY_SKETCH_RELATIVE_ACCURACY,
  latencySketchStats,
  latencyStats,
  mergeLatencySketches,
} from './latency';

describe('latencyStats (exact)', () => {
  it('is all null for no values', () => {
    expect(latencyStats([])).toEqual({
      count: 0,
      min: null,
      max: null,
      mean: null,
      p50: null,
      p95: null,
      p99: null,
    });
  });

  it('uses nearest-rank percentiles, whatever the input order', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(latencyStats(values)).toEqual({
      count: 100,
      min: 1,
      max: 100,
      mean: 50.5,
      p50: 50,
      p95: 95,
      p99: 99,
    });
    expect(latencyStats([7])).toMatchObject({ p50: 7, p95: 7, p99: 7, mean: 7 });
    expect(latencyStats([10, 20, 30, 40])).toMatchObject({ p50: 20, p95: 40, p99: 40, mean: 25 });
  });

  it('ignores values that cannot be latencies', () => {
    expect(latencyStats([Number.NaN, -1, Number.POSITIVE_INFINITY, 5])).toMatchObject({
      count: 1,
      min: 5,
    });
  });
});

describe('latency sketch', () => {
  it('round-trips through JSON', () => {
    const sketch = createLatencySketch([0, 1, 12, 250, 250, 9000]);
    expect(JSON.parse(JSON.stringify(sketch))).toEqual(sketch);
    expect(latencySketchStats(sketch)).toMatchObject({ count: 6, min: 0, max: 9000 });
  });

  it('is empty and all-null with no values', () => {
    expect(latencySketchStats(createLatencySketch())).toEqual(latencyStats([]));
  });

  it('addToLatencySketch does not mutate its input', () => {
    const empty = createLatencySketch();
    const one = addToLatencySketch(empty, 42);
    expect(empty.count).toBe(0);
    expect(one).toEqual(createLatencySketch([42]));
  });

  const latencies = fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 300 });

  it(`property: percentiles within ${LATENCY_SKETCH_RELATIVE_ACCURACY * 100}% (contract: 2%) of exact; count/min/max/mean exact`, () => {
    fc.assert(
      fc.property(latencies, (values) => {
        const exact = latencyStats(values);
        const approx = latencySketchStats(createLatencySketch(values));
        expect(approx.count).toBe(exact.count);
        expect(approx.min).toBe(exact.min);
        expect(approx.max).toBe(exact.max);
        if (exact.mean === null) {
          expect(approx.mean).toBeNull();
          return;
        }
        expect(approx.mean).toBeCloseTo(exact.mean, 6);
        for (const q of ['p50', 'p95', 'p99'] as const) {
          const e = exact[q] as number;
          const a = approx[q] as number;
          expect(Math.abs(a - e)).toBeLessThanOrEqual(e * 0.02);
          expect(Math.abs(a - e)).toBeLessThanOrEqual(e * LATENCY_SKETCH_RELATIVE_ACCURACY + 1e-9);
        }
      }),
    );
  });

  it('property: fractional latencies also stay within 2% at every percentile', () => {
    const doubles = fc.array(fc.double({ min: 0.001, max: 1e6, noNaN: true }), {
      minLength: 1,
      maxLength: 200,
    });
    fc.assert(
      fc.property(doubles, (values) => {
        const exact = latencyStats(values);
        const approx = latencySketchStats(createLatencySketch(values));
        for (const q of ['p50', 'p95', 'p99'] as const) {
          const e = exact[q] as number;
          expect(Math.abs((approx[q] as number) - e)).toBeLessThanOrEqual(e * 0.02);
        }
      }),
    );
  });

  it('property: merge(a, b) equals the sketch of a ∪ b, and is commutative', () => {
    fc.assert(
      fc.property(latencies, latencies, (a, b) => {
        const merged = mergeLatencySketches(createLatencySketch(a), createLatencySketch(b));
        expect(merged).toEqual(createLatencySketch([...a, ...b]));
        expect(JSON.stringify(merged)).toBe(
          JSON.stringify(mergeLatencySketches(createLatencySketch(b), createLatencySketch(a))),
        );
      }),
    );
  });
});
