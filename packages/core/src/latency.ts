/** Summary statistics of test-action latencies in milliseconds; null fields when count is 0. */
export interface LatencyStats {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

const EMPTY_STATS: LatencyStats = Object.freeze({
  count: 0,
  min: null,
  max: null,
  mean: null,
  p50: null,
  p95: null,
  p99: null,
});

/** Latencies that are not finite, non-negative numbers cannot be measurements and are ignored. */
function isLatency(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

/** 1-based nearest rank: the smallest value with at least q·n values at or below it. */
function nearestRank(q: number, n: number): number {
  return Math.min(n, Math.max(1, Math.ceil(q * n)));
}

/** Exact statistics with nearest-rank percentiles (every percentile is an observed value). */
export function latencyStats(values: readonly number[]): LatencyStats {
  const sorted = values.filter(isLatency).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { ...EMPTY_STATS };
  let sum = 0;
  for (const v of sorted) sum += v;
  const at = (q: number) => sorted[nearestRank(q, n) - 1] as number;
  return {
    count: n,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    mean: sum / n,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
  };
}

/**
 * Relative accuracy of the sketch: every quantile it reports is within 1% of the exact
 * nearest-rank quantile (the contract promises ≤ 2%, leaving headroom).
 */
export const LATENCY_SKETCH_RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + LATENCY_SKETCH_RELATIVE_ACCURACY) / (1 - LATENCY_SKETCH_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);

/**
 * A mergeable latency histogram for rollups (a DDSketch with fixed logarithmic buckets): bucket
 * `i` holds values in (γ^(i-1), γ^i]. Plain JSON, so it can live in a jsonb column. `buckets` are
 * `[index, count]` pairs sorted by index, so equal contents always serialise identically.
 */
export interface LatencySketch {
  version: 1;
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  /** Values of exactly 0 ms (the logarithm has no bucket for them). */
  zeroCount: number;
  buckets: [index: number, count: number][];
}

function bucketIndex(value: number): number {
  return Math.ceil(Math.log(value) / LOG_GAMMA);
}

/** The point of bucket `i` whose relative distance to both bucket edges is equal. */
function bucketValue(index: number): number {
  return (2 * GAMMA ** index) / (GAMMA + 1);
}

export function createLatencySketch(values: readonly number[] = []): LatencySketch {
  const counts = new Map<number, number>();
  let count = 0;
  let sum = 0;
  let zeroCount = 0;
  let min: number | null = null;
  let max: number | null = null;
  for (const v of values) {
    if (!isLatency(v)) continue;
    count++;
    sum += v;
    min = min === null || v < min ? v : min;
    max = max === null || v > max ? v : max;
    if (v === 0) zeroCount++;
    else {
      const i = bucketIndex(v);
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
  }
  return { version: 1, count, sum, min, max, zeroCount, buckets: sortedBuckets(counts) };
}

function sortedBuckets(counts: Map<number, number>): [number, number][] {
  return [...counts.entries()].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
}

export function addToLatencySketch(sketch: LatencySketch, value: number): LatencySketch {
  return mergeLatencySketches(sketch, createLatencySketch([value]));
}

/** Exact merge: merging the sketches of two sets equals the sketch of their union. */
export function mergeLatencySketches(a: LatencySketch, b: LatencySketch): LatencySketch {
  const counts = new Map<number, number>();
  for (const s of [a, b]) {
    for (const [i, c] of s.buckets) counts.set(i, (counts.get(i) ?? 0) + c);
  }
  const pick = (x: number | null, y: number | null, f: (p: number, q: number) => number) =>
    x === null ? y : y === null ? x : f(x, y);
  return {
    version: 1,
    count: a.count + b.count,
    sum: a.sum + b.sum,
    min: pick(a.min, b.min, Math.min),
    max: pick(a.max, b.max, Math.max),
    zeroCount: a.zeroCount + b.zeroCount,
    buckets: sortedBuckets(counts),
  };
}

/**
 * Statistics read from a sketch: count, min, max and mean are exact; percentiles use the same
 * nearest rank as `latencyStats` and are within `LATENCY_SKETCH_RELATIVE_ACCURACY` of it.
 */
export function latencySketchStats(sketch: LatencySketch): LatencyStats {
  const n = sketch.zeroCount + sketch.buckets.reduce((acc, [, c]) => acc + c, 0);
  if (n === 0 || sketch.min === null || sketch.max === null) return { ...EMPTY_STATS };
  const min = sketch.min;
  const max = sketch.max;
  const quantile = (q: number): number => {
    const rank = nearestRank(q, n);
    if (rank <= sketch.zeroCount) return 0;
    let seen = sketch.zeroCount;
    for (const [i, c] of sketch.buckets) {
      seen += c;
      // Clamping to the exact extremes only ever moves the estimate towards the true value.
      if (seen >= rank) return Math.min(max, Math.max(min, bucketValue(i)));
    }
    return max;
  };
  return {
    count: n,
    min,
    max,
    mean: sketch.sum / n,
    p50: quantile(0.5),
    p95: quantile(0.95),
    p99: quantile(0.99),
  };
}
