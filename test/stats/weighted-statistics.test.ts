/**
 * Weighted statistics (importance sampling): every statistic of the block aggregation,
 * the causes and the variant pairs, with given non-unit weights, against the weighted
 * statistic computed here directly from the raw arrays; the sharded and resumed merge
 * against the one-piece one, bit for bit; the weights' diagnostics against
 * hand-computed figures.
 */
import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';
import { M, METRICS, METRIC_BETTER, METRIC_COUNT, STATUS_CENSORED } from '../../src/model/metrics.js';
import { BLOCK_TRIALS, CampaignAggregator, SUMMARY_QUANTILES, aggregateShard, type CampaignResult } from '../../src/stats/block-aggregator.js';
import { CauseAggregator, aggregateCauseRows } from '../../src/stats/cause-aggregator.js';
import { ci95 } from '../../src/stats/confidence.js';
import { SKETCH_BUCKETS, bucketIndex, bucketLow } from '../../src/stats/log-sketch.js';
import { VariantPairsAggregator, aggregateVariantPairs } from '../../src/stats/variant-pairs.js';

const SCHEMES = ['unprotected', '1+1', 'restore'];
const S = SCHEMES.length;

interface Data {
  readonly n: number;
  readonly values: Float64Array;
  readonly status: Uint8Array;
  readonly weights: Float64Array;
}

/** Outcome rows with heavy-tailed weights (some exactly 0), laid out as a worker returns them. */
function weighted(n: number, seed: string): Data {
  const rng = seedrandom(seed);
  const values = new Float64Array(n * S * METRIC_COUNT);
  const status = new Uint8Array(n * S);
  const weights = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const u = rng();
    weights[t] = u < 0.02 ? 0 : Math.exp(3 * (rng() - 0.5));
    const network = rng();
    for (let s = 0; s < S; s++) {
      const row = (t * S + s) * METRIC_COUNT;
      for (let m = 0; m < METRIC_COUNT; m++) {
        const name = METRICS[m]!;
        values[row + m] =
          name === 'cuts'
            ? Math.floor(network * 6)
            : name.startsWith('crashes')
              ? Math.floor(rng() * 3)
              : 720 * Math.exp(0.3 * (network + rng() - 1) - 0.1 * s);
      }
      status[t * S + s] = rng() < 0.05 ? STATUS_CENSORED : 0;
    }
  }
  return { n, values, status, weights };
}

function shardOf(d: Data, first: number, n: number) {
  const K = S * METRIC_COUNT;
  return aggregateShard(
    d.values.subarray(first * K, (first + n) * K),
    d.status.subarray(first * S, (first + n) * S),
    d.weights.subarray(first, first + n),
    first,
    n,
    S,
  );
}

function onePiece(d: Data): CampaignResult {
  const agg = new CampaignAggregator({ schemes: SCHEMES, trials: d.n });
  agg.add(shardOf(d, 0, d.n));
  return agg.result();
}

const x = (d: Data, t: number, s: number, m: number) => d.values[(t * S + s) * METRIC_COUNT + m]!;
const sum = (xs: ArrayLike<number>) => {
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i]!;
  return total;
};
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));

/** Moments (mean, sample sd) of y_t, t = 0 … n − 1. */
function moments(n: number, y: (t: number) => number) {
  let total = 0;
  for (let t = 0; t < n; t++) total += y(t);
  const mean = total / n;
  let ss = 0;
  for (let t = 0; t < n; t++) ss += (y(t) - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** The weighted quantile the summary defines: rank r = ⌈q·n⌉; r = 1, n → min, max; else the first value whose cumulative weight reaches r/n of Σw. */
function weightedQuantile(xs: number[], ws: number[], q: number): number {
  const n = xs.length;
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  if (rank === 1) return xs[order[0]!]!;
  if (rank === n) return xs[order[n - 1]!]!;
  const W = order.reduce((acc, i) => acc + ws[i]!, 0);
  const target = (rank * W) / n;
  let cumulative = 0;
  for (const i of order) {
    cumulative += ws[i]!;
    if (cumulative >= target) return xs[i]!;
  }
  return xs[order[n - 1]!]!;
}

const SMALL = weighted(1000, 'small'); // one block: the rank sketch is exact
const LARGE = weighted(10_000, 'large');

describe('weighted summaries', () => {
  for (const d of [SMALL, LARGE]) {
    const r = onePiece(d);
    test(`${d.n} trials: mean (1/n)Σw·x, stdev and CI of w·x, min/max of x, censored Σw over censored trials`, () => {
      for (let s = 0; s < S; s++) {
        let censored = 0;
        for (let t = 0; t < d.n; t++) if (d.status[t * S + s] === STATUS_CENSORED) censored += d.weights[t]!;
        for (let m = 0; m < METRIC_COUNT; m++) {
          const k = s * METRIC_COUNT + m;
          const { mean, sd } = moments(d.n, (t) => d.weights[t]! * x(d, t, s, m));
          const [low, high] = ci95(mean, sd, d.n);
          const what = `${SCHEMES[s]} ${METRICS[m]}`;
          expect(r.summary.count[k], what).toBe(d.n);
          expect(rel(r.summary.mean[k]!, mean), what).toBeLessThan(1e-12);
          expect(rel(r.summary.stdev[k]!, sd), what).toBeLessThan(1e-9);
          expect(rel(r.summary.ci95_low[k]!, low), what).toBeLessThan(1e-9);
          expect(rel(r.summary.ci95_high[k]!, high), what).toBeLessThan(1e-9);
          let min = Infinity;
          let max = -Infinity;
          for (let t = 0; t < d.n; t++) {
            min = Math.min(min, x(d, t, s, m));
            max = Math.max(max, x(d, t, s, m));
          }
          expect([r.summary.min[k], r.summary.max[k]], what).toEqual([min, max]);
          expect(rel(r.summary.censored[k]!, censored), what).toBeLessThan(1e-12);
        }
      }
    });
  }

  test('1000 trials (one exact block): each quantile is the weighted one of the raw values', () => {
    const r = onePiece(SMALL);
    const columns = ['p05', 'p50', 'p90', 'p95', 'p99', 'p999'] as const;
    for (let s = 0; s < S; s++) {
      for (let m = 0; m < METRIC_COUNT; m++) {
        const xs = Array.from({ length: SMALL.n }, (_, t) => x(SMALL, t, s, m));
        const ws = Array.from(SMALL.weights);
        SUMMARY_QUANTILES.forEach((q, j) => {
          const got = r.summary[columns[j]!][s * METRIC_COUNT + m];
          expect(got, `${SCHEMES[s]} ${METRICS[m]} q=${q}`).toBe(weightedQuantile(xs, ws, q));
        });
      }
    }
  });

  test('10 000 trials (compacted sketch): each quantile’s weighted CDF is within the rank error of q', () => {
    const r = onePiece(LARGE);
    const columns = ['p05', 'p50', 'p90', 'p95', 'p99'] as const;
    const W = sum(LARGE.weights);
    for (let s = 0; s < S; s++) {
      for (const m of [M.jct_h, M.goodput, M.cuts]) {
        columns.forEach((column, j) => {
          const q = SUMMARY_QUANTILES[j]!;
          const v = r.summary[column][s * METRIC_COUNT + m]!;
          let atOrBelow = 0;
          let below = 0;
          for (let t = 0; t < LARGE.n; t++) {
            if (x(LARGE, t, s, m) <= v) atOrBelow += LARGE.weights[t]!;
            if (x(LARGE, t, s, m) < v) below += LARGE.weights[t]!;
          }
          const what = `${SCHEMES[s]} ${METRICS[m]} ${column}`;
          expect(atOrBelow / W, what).toBeGreaterThanOrEqual(q - 0.01);
          expect(below / W, what).toBeLessThanOrEqual(q + 0.01);
        });
      }
    }
  });

  test('histograms: each bucket holds Σw of its values', () => {
    const r = onePiece(LARGE);
    const h = r.histograms;
    let row = 0;
    for (let s = 0; s < S; s++) {
      for (let m = 0; m < METRIC_COUNT; m++) {
        const dense = new Float64Array(SKETCH_BUCKETS);
        for (let t = 0; t < LARGE.n; t++) dense[bucketIndex(x(LARGE, t, s, m))] += LARGE.weights[t]!;
        let lo = 1;
        while (lo < SKETCH_BUCKETS && dense[lo] === 0) lo++;
        let hi = SKETCH_BUCKETS - 1;
        while (hi >= lo && dense[hi] === 0) hi--;
        const buckets = [...(dense[0]! > 0 ? [0] : []), ...Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i)];
        for (const b of buckets) {
          const what = `${SCHEMES[s]} ${METRICS[m]} bucket ${b}`;
          expect([h.scheme[row], h.metric[row], h.bin_low[row]], what).toEqual([SCHEMES[s], METRICS[m], bucketLow(b)]);
          expect(rel(h.count[row]!, dense[b]!), what).toBeLessThan(1e-12);
          row++;
        }
      }
    }
    expect(row).toBe(h.count.length);
    // The weighted counts of a sketch add up to Σw.
    expect(rel(sum(h.count) / (S * METRIC_COUNT), sum(LARGE.weights))).toBeLessThan(1e-12);
  });
});

describe('weighted comparison', () => {
  test('paired differences: mean (1/n)Σw·(x_s − x_0), CI from var of w·d; p_better, p_worse the weighted shares', () => {
    const d = LARGE;
    const r = onePiece(d);
    const W = sum(d.weights);
    for (let s = 1; s < S; s++) {
      for (let m = 0; m < METRIC_COUNT; m++) {
        const k = (s - 1) * METRIC_COUNT + m;
        const diff = (t: number) => x(d, t, s, m) - x(d, t, 0, m);
        const { mean, sd } = moments(d.n, (t) => d.weights[t]! * diff(t));
        const [low, high] = ci95(mean, sd, d.n);
        const what = `${SCHEMES[s]} ${METRICS[m]}`;
        expect(rel(r.comparison.mean_diff[k]!, mean), what).toBeLessThan(1e-9);
        expect(rel(r.comparison.ci95_low[k]!, low), what).toBeLessThan(1e-9);
        expect(rel(r.comparison.ci95_high[k]!, high), what).toBeLessThan(1e-9);
        const direction = METRIC_BETTER[METRICS[m]!];
        if (direction === 0) {
          expect(r.comparison.p_better[k], what).toBeNaN();
          continue;
        }
        let better = 0;
        let worse = 0;
        for (let t = 0; t < d.n; t++) {
          if (diff(t) * direction > 0) better += d.weights[t]!;
          else if (diff(t) * direction < 0) worse += d.weights[t]!;
        }
        expect(rel(r.comparison.p_better[k]!, better / W), what).toBeLessThan(1e-12);
        expect(rel(r.comparison.p_worse[k]!, worse / W), what).toBeLessThan(1e-12);
      }
    }
  });

  test('changed: per block, the plain count of trials whose paired difference is not zero, whatever they weigh', () => {
    const d = LARGE;
    const agg = shardOf(d, 0, d.n);
    const D = S - 1;
    for (let b = 0; b < agg.blocks; b++) {
      for (let s = 1; s < S; s++) {
        for (let m = 0; m < METRIC_COUNT; m++) {
          let count = 0;
          for (let t = b * BLOCK_TRIALS; t < Math.min(d.n, (b + 1) * BLOCK_TRIALS); t++) if (x(d, t, s, m) !== x(d, t, 0, m)) count++;
          expect(agg.changed[(b * D + s - 1) * METRIC_COUNT + m], `block ${b} ${SCHEMES[s]} ${METRICS[m]}`).toBe(count);
        }
      }
    }
  });

  test('causes: the mean of each cause field is (1/n)Σw·x, its CI from var of w·x', () => {
    const n = 3000;
    const width = 5;
    const rng = seedrandom('causes');
    const rows = Float64Array.from({ length: n * width }, () => Math.floor(rng() * 4) * rng());
    const w = Float64Array.from({ length: n }, () => Math.exp(2 * (rng() - 0.5)));
    const agg = new CauseAggregator(width);
    agg.add(aggregateCauseRows(rows.subarray(2048 * width), w.subarray(2048), 2048, n - 2048, width));
    agg.add(aggregateCauseRows(rows.subarray(0, 2048 * width), w.subarray(0, 2048), 0, 2048, width));
    for (let k = 0; k < width; k++) {
      const { mean, sd } = moments(n, (t) => w[t]! * rows[t * width + k]!);
      const e = agg.estimate(k);
      expect(rel(e.mean, mean)).toBeLessThan(1e-12);
      expect(rel(e.ci95[1], ci95(mean, sd, n)[1])).toBeLessThan(1e-9);
    }
  });

  test('variant pairs: the mean difference is (1/n)Σ(w_a·x_a − w_b·x_b)', () => {
    const a = weighted(2500, 'variant a');
    const b = weighted(2500, 'variant b');
    const agg = new VariantPairsAggregator(2, S);
    agg.add(aggregateVariantPairs([a.values, b.values], [a.weights, b.weights], 0, a.n, S, M.jct_h));
    for (let s = 0; s < S; s++) {
      const { mean, sd } = moments(a.n, (t) => a.weights[t]! * x(a, t, s, M.jct_h) - b.weights[t]! * x(b, t, s, M.jct_h));
      const got = agg.difference(s, 0, 1);
      expect(rel(got.mean, mean)).toBeLessThan(1e-12);
      expect(rel(got.variance, sd * sd)).toBeLessThan(1e-9);
      expect(agg.difference(s, 1, 0).mean).toBe(-got.mean);
    }
  });
});

function expectBitIdentical(a: CampaignResult, b: CampaignResult): void {
  expect(a.trials).toBe(b.trials);
  for (const table of ['summary', 'histograms', 'comparison'] as const) {
    const ca = a[table] as unknown as Record<string, ArrayLike<unknown>>;
    const cb = b[table] as unknown as Record<string, ArrayLike<unknown>>;
    for (const key of Object.keys(ca)) {
      const u = ca[key]!;
      const v = cb[key]!;
      expect(u.length, `${table}.${key}`).toBe(v.length);
      for (let i = 0; i < u.length; i++) if (!Object.is(u[i], v[i])) throw new Error(`${table}.${key}[${i}]: ${String(u[i])} vs ${String(v[i])}`);
    }
  }
  expect(a.weights).toEqual(b.weights);
  for (const key of ['sum', 'mean', 'ess', 'maxShare'] as const) expect(Object.is(a.weights[key], b.weights[key]), key).toBe(true);
}

describe('weighted merge: bit-identical whatever the sharding, order and resume', () => {
  test('shards [0, 1024), [1024, 4096), [4096, 7168), [7168, 10 000) in any order, with a resume between, equal one piece', () => {
    const whole = onePiece(LARGE);
    const cuts = [0, 1024, 4096, 7168, LARGE.n];
    const shards = cuts.slice(0, -1).map((first, i) => shardOf(LARGE, first, cuts[i + 1]! - first));
    const agg = new CampaignAggregator({ schemes: SCHEMES, trials: LARGE.n });
    agg.add(shards[2]!);
    agg.add(shards[0]!);
    const resumed = CampaignAggregator.deserialize(agg.serialize(), { schemes: SCHEMES, trials: LARGE.n });
    resumed.add(shards[3]!);
    resumed.add(shards[1]!);
    expect(resumed.complete).toBe(true);
    expectBitIdentical(resumed.result(), whole);
    // Per-trial shards of one block each, backwards.
    const blocks = new CampaignAggregator({ schemes: SCHEMES, trials: LARGE.n });
    for (let first = Math.floor((LARGE.n - 1) / BLOCK_TRIALS) * BLOCK_TRIALS; first >= 0; first -= BLOCK_TRIALS) {
      blocks.add(shardOf(LARGE, first, Math.min(BLOCK_TRIALS, LARGE.n - first)));
    }
    expectBitIdentical(blocks.result(), whole);
  });
});

describe('weight diagnostics', () => {
  function diagnose(weights: number[]) {
    const n = weights.length;
    const agg = new CampaignAggregator({ schemes: ['a'], trials: n });
    agg.add(aggregateShard(new Float64Array(n * METRIC_COUNT).fill(1), new Uint8Array(n), Float64Array.from(weights), 0, n, 1));
    return agg.result().weights;
  }

  test('weights 1, 2, 3, 4: mean 2.5, ESS 10²/30, largest share 0.4, no warning', () => {
    const d = diagnose([1, 2, 3, 4]);
    expect(d.importanceSampled).toBe(true);
    expect(d.mean).toBe(2.5);
    expect(d.sum).toBe(10);
    expect(d.ess).toBeCloseTo(100 / 30, 12);
    expect(d.maxShare).toBeCloseTo(0.4, 12);
    // sd = √(5/3), t(0.975, 3) = 3.182446: half-width 2.0541.
    const half = (3.182446305284263 * Math.sqrt(5 / 3)) / 2;
    expect(d.ci95[0]).toBeCloseTo(2.5 - half, 9);
    expect(d.ci95[1]).toBeCloseTo(2.5 + half, 9);
    expect(d.warnings).toEqual([]);
  });

  test('all weights 1: not importance-sampled, ESS = n, no warning', () => {
    const d = diagnose(Array.from({ length: 2000 }, () => 1));
    expect(d.importanceSampled).toBe(false);
    expect([d.mean, d.sum, d.ess, d.maxShare]).toEqual([1, 2000, 2000, 1 / 2000]);
    expect(d.warnings).toEqual([]);
  });

  test('one weight carrying nearly everything: ESS ≈ 1 < 1 % of the trials, warned', () => {
    const weights = Array.from({ length: 2000 }, (_, i) => (i === 1500 ? 1e6 : 1e-3));
    const d = diagnose(weights);
    const W = 1e6 + 1999e-3;
    expect(d.ess).toBeCloseTo((W * W) / (1e12 + 1999e-6), 9);
    expect(d.maxShare).toBeCloseTo(1e6 / W, 12);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(/effective sample size 1\.00 is under 1 % of the 2000 trials/);
  });

  test('a mean weight whose CI excludes 1: warned', () => {
    const d = diagnose(Array.from({ length: 2048 }, (_, i) => (i % 2 === 0 ? 0.5 : 0.51)));
    expect(d.mean).toBeCloseTo(0.505, 12);
    expect(d.ess).toBeGreaterThan(2047);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(/mean weight 0\.5050 \(95 % CI .*\) excludes 1/);
  });

  test('a negative or non-finite weight is refused naming the trials', () => {
    const n = 2048;
    for (const bad of [-1, NaN, Infinity]) {
      const w = new Float64Array(n).fill(1);
      w[1500] = bad;
      expect(() => aggregateShard(new Float64Array(n * METRIC_COUNT), new Uint8Array(n), w, 0, n, 1)).toThrow(/weight of trials 1024 … 2047 is negative or not finite/);
    }
  });
});
