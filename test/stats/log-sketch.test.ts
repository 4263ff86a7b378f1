import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';

import {
  SKETCH_ALPHA,
  SKETCH_BUCKETS,
  SKETCH_GAMMA,
  bucketHigh,
  bucketIndex,
  bucketIndexByLog,
  bucketLow,
  bucketRepresentative,
  createSketchBank,
  quantileRank,
  sketchAdd,
  sketchCount,
  sketchMerge,
  sketchMergeBank,
  sketchQuantile,
  sketchQuantiles,
} from '../../src/stats/log-sketch.js';

/** Lognormal samples by Box–Muller from a seeded generator. */
function lognormal(seed: string, n: number, median: number, sigma: number): Float64Array {
  const rng = seedrandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    out[i] = median * Math.exp(sigma * z);
  }
  return out;
}

/** The largest double below x > 0. */
function nextDown(x: number): number {
  const f = new Float64Array([x]);
  const u = new BigUint64Array(f.buffer);
  u[0] -= 1n;
  return f[0]!;
}

const QS = [0, 0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1];

describe('bucket layout', () => {
  test('edges are consecutive, γ apart, and come only from the index', () => {
    expect(bucketLow(0)).toBe(0);
    expect(bucketHigh(0)).toBe(1e-6);
    expect(bucketLow(1)).toBe(1e-6);
    for (let i = 1; i < SKETCH_BUCKETS; i++) {
      expect(bucketLow(i)).toBe(bucketHigh(i - 1));
      expect(Math.abs(bucketHigh(i) / bucketLow(i) - SKETCH_GAMMA)).toBeLessThan(1e-12);
    }
    expect(bucketLow(SKETCH_BUCKETS - 1)).toBeLessThan(1e9);
    expect(bucketHigh(SKETCH_BUCKETS - 1)).toBeGreaterThanOrEqual(1e9);
  });

  test('every value of a bucket is within α of its representative', () => {
    for (const i of [1, 2, 100, 1234, SKETCH_BUCKETS - 1]) {
      const r = bucketRepresentative(i);
      for (const x of [bucketLow(i), nextDown(bucketHigh(i))]) {
        expect(Math.abs(r - x)).toBeLessThanOrEqual(SKETCH_ALPHA * x * (1 + 1e-12));
      }
    }
  });

  test('bucketIndex puts x in [bucketLow, bucketHigh), exactly at the edges', () => {
    for (let i = 1; i < SKETCH_BUCKETS; i++) {
      expect(bucketIndex(bucketLow(i))).toBe(i);
      expect(bucketIndex(nextDown(bucketLow(i)))).toBe(i - 1);
      expect(bucketIndexByLog(bucketLow(i))).toBe(i);
      expect(bucketIndexByLog(nextDown(bucketLow(i)))).toBe(i - 1);
    }
  });

  test('the table path equals the logarithm path on random values', () => {
    const rng = seedrandom('index');
    const mismatches: number[] = [];
    for (let k = 0; k < 200_000; k++) {
      const x = Math.exp(-16 + 40 * rng());
      const i = bucketIndex(x);
      const inside = i === 0 || i === SKETCH_BUCKETS - 1 || (x >= bucketLow(i) && x < bucketHigh(i));
      if (i !== bucketIndexByLog(x) || !inside) mismatches.push(x);
    }
    expect(mismatches).toEqual([]);
  });

  test('zero bucket below 1e-6, clamp above the top edge', () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(-3)).toBe(0);
    expect(bucketIndex(nextDown(1e-6))).toBe(0);
    expect(bucketIndex(1e-6)).toBe(1);
    expect(bucketIndex(1e9)).toBe(SKETCH_BUCKETS - 1);
    expect(bucketIndex(1e300)).toBe(SKETCH_BUCKETS - 1);
    expect(bucketIndex(Infinity)).toBe(SKETCH_BUCKETS - 1);
  });
});

describe('quantiles', () => {
  test('quantileRank is ceil(q·n) clamped to [1, n]', () => {
    expect(quantileRank(0, 10)).toBe(1);
    expect(quantileRank(0.5, 10)).toBe(5);
    expect(quantileRank(0.51, 10)).toBe(6);
    expect(quantileRank(0.95, 100)).toBe(95);
    expect(quantileRank(1, 10)).toBe(10);
  });

  test('within 0.5 % of the exact order statistics of 100 000 lognormal samples', () => {
    const xs = lognormal('sketch', 100_000, 8, 0.9);
    const bank = createSketchBank(1);
    for (const x of xs) sketchAdd(bank, 0, x);
    const sorted = Float64Array.from(xs).sort();
    const out = new Float64Array(QS.length);
    sketchQuantiles(bank, 0, QS, sorted[0]!, sorted[sorted.length - 1]!, out);
    QS.forEach((q, j) => {
      const exact = sorted[quantileRank(q, xs.length) - 1]!;
      expect(Math.abs(out[j]! - exact)).toBeLessThanOrEqual(SKETCH_ALPHA * exact * (1 + 1e-12));
    });
    // The extremes are the exact min and max (clamped).
    expect(out[0]).toBe(sorted[0]);
    expect(out[QS.length - 1]).toBe(sorted[sorted.length - 1]);
  });

  test('ranks in the zero bucket give 0 (clamped to min); an empty sketch gives NaN', () => {
    const bank = createSketchBank(2);
    for (const x of [0, 0, 0, 5, 7]) sketchAdd(bank, 0, x);
    expect(sketchQuantile(bank, 0, 0.5, 0, 7)).toBe(0);
    expect(sketchQuantile(bank, 0, 0.8, 0, 7)).toBeCloseTo(5, 1);
    expect(sketchQuantile(bank, 0, 1, 0, 7)).toBe(7);
    expect(sketchQuantile(bank, 1, 0.5, NaN, NaN)).toBeNaN();
  });
});

describe('merge', () => {
  test('merging the sketches of parts, in any order, equals the sketch of the union', () => {
    const xs = lognormal('merge', 30_000, 700, 1.5);
    const whole = createSketchBank(1);
    for (const x of xs) sketchAdd(whole, 0, x);
    const parts = createSketchBank(3);
    xs.forEach((x, i) => sketchAdd(parts, i % 3, x));
    const a = createSketchBank(1);
    for (const k of [2, 0, 1]) sketchMerge(a, 0, parts, k);
    expect(a).toEqual(whole);
    expect(sketchCount(a, 0)).toBe(xs.length);
  });

  test('sketchMergeBank adds elementwise and refuses banks of different sizes', () => {
    const a = createSketchBank(2);
    const b = createSketchBank(2);
    sketchAdd(a, 1, 3);
    sketchAdd(b, 1, 3);
    sketchMergeBank(a, b);
    expect(a[SKETCH_BUCKETS + bucketIndex(3)]).toBe(2);
    expect(() => sketchMergeBank(a, createSketchBank(1))).toThrow(RangeError);
  });
});
