import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';

import { M, METRICS, METRIC_COUNT, STATUS_CENSORED } from '../../src/model/metrics.js';
import {
  BLOCK_TRIALS,
  CampaignAggregator,
  type CampaignResult,
  aggregateShard,
  shardAggregateFromData,
} from '../../src/stats/block-aggregator.js';
import { quantileRank } from '../../src/stats/log-sketch.js';

const SCHEMES = ['unprotected', '1+1', 'restore'];
const S = SCHEMES.length;

/** Outcome rows of trials 0 … trials − 1, laid out as a worker returns them. */
function outcomes(trials: number, seed = 'outcomes'): { values: Float64Array; status: Uint8Array } {
  const rng = seedrandom(seed);
  const values = new Float64Array(trials * S * METRIC_COUNT);
  const status = new Uint8Array(trials * S);
  for (let t = 0; t < trials; t++) {
    const network = rng(); // common to the schemes of a trial, as with common random numbers
    for (let s = 0; s < S; s++) {
      const row = (t * S + s) * METRIC_COUNT;
      for (let m = 0; m < METRIC_COUNT; m++) {
        const name = METRICS[m];
        values[row + m] =
          name === 'cuts'
            ? Math.floor(network * 6)
            : name.startsWith('crashes')
              ? Math.floor(rng() * 3) // many zeros: the zero bucket
              : 720 * Math.exp(0.3 * (network + rng() - 1) - 0.1 * s);
      }
      status[t * S + s] = rng() < 0.01 ? STATUS_CENSORED : 0;
    }
  }
  return { values, status };
}

function shard(data: ReturnType<typeof outcomes>, first: number, n: number, weights: Float64Array | null = null) {
  return aggregateShard(
    data.values.subarray(first * S * METRIC_COUNT, (first + n) * S * METRIC_COUNT),
    data.status.subarray(first * S, (first + n) * S),
    weights ? weights.subarray(first, first + n) : new Float64Array(n).fill(1),
    first,
    n,
    S,
  );
}

/** Every column of two results, number by number with Object.is. */
function expectBitIdentical(a: CampaignResult, b: CampaignResult): void {
  expect(a.trials).toBe(b.trials);
  for (const table of ['summary', 'histograms', 'comparison'] as const) {
    const ca = a[table] as unknown as Record<string, ArrayLike<unknown>>;
    const cb = b[table] as unknown as Record<string, ArrayLike<unknown>>;
    expect(Object.keys(ca)).toEqual(Object.keys(cb));
    for (const key of Object.keys(ca)) {
      const x = ca[key]!;
      const y = cb[key]!;
      expect(x.length, `${table}.${key}`).toBe(y.length);
      for (let i = 0; i < x.length; i++) {
        if (!Object.is(x[i], y[i])) throw new Error(`${table}.${key}[${i}]: ${String(x[i])} vs ${String(y[i])}`);
      }
    }
  }
}

const TRIALS = 10_000;
const DATA = outcomes(TRIALS);

function wholeResult(): CampaignResult {
  const agg = new CampaignAggregator({ schemes: SCHEMES, trials: TRIALS });
  agg.add(shard(DATA, 0, TRIALS));
  expect(agg.complete).toBe(true);
  return agg.result();
}

describe('determinism (docs/model.md#randomness)', () => {
  test('one shard vs three shards fed in scrambled order: bit-identical columns', () => {
    const whole = wholeResult();
    const agg = new CampaignAggregator({ schemes: SCHEMES, trials: TRIALS });
    const parts = [shard(DATA, 0, 2048), shard(DATA, 2048, 3072), shard(DATA, 5120, 4880)];
    agg.add(parts[2]!);
    expect(agg.pendingShards).toBe(1);
    expect(agg.trialsMerged).toBe(0);
    agg.add(parts[0]!);
    expect(agg.trialsMerged).toBe(2048);
    agg.add(parts[1]!);
    expect(agg.pendingShards).toBe(0);
    expect(agg.complete).toBe(true);
    expectBitIdentical(agg.result(), whole);
  });

  test('block-sized shards in reverse order, sent as transferred data: bit-identical', () => {
    const whole = wholeResult();
    const agg = new CampaignAggregator({ schemes: SCHEMES, trials: TRIALS });
    const firsts = [];
    for (let first = 0; first < TRIALS; first += BLOCK_TRIALS) firsts.push(first);
    for (const first of firsts.reverse()) {
      const part = shard(DATA, first, Math.min(BLOCK_TRIALS, TRIALS - first));
      // What crossing a thread does: structured clone with the buffer transferred.
      const moved = structuredClone(part.data, { transfer: [part.data.buffer] });
      agg.add(moved);
    }
    expectBitIdentical(agg.result(), whole);
  });

  test('serialize / deserialize midway (with a pending shard), then resume: bit-identical', () => {
    const whole = wholeResult();
    const before = new CampaignAggregator({ schemes: SCHEMES, trials: TRIALS });
    before.add(shard(DATA, 0, 3072));
    before.add(shard(DATA, 6144, 3856)); // pending
    const state = before.serialize();
    const after = CampaignAggregator.deserialize(state, { schemes: SCHEMES, trials: TRIALS });
    expect(after.trialsMerged).toBe(3072);
    expect(after.pendingShards).toBe(1);
    expectBitIdentical(after.result(), before.result());
    after.add(shard(DATA, 3072, 3072));
    expectBitIdentical(after.result(), whole);
  });

  test('deserialize refuses a state of another campaign', () => {
    const state = new CampaignAggregator({ schemes: SCHEMES, trials: TRIALS }).serialize();
    expect(() => CampaignAggregator.deserialize(state, { schemes: SCHEMES, trials: 999 })).toThrow(/trials/);
    expect(() => CampaignAggregator.deserialize(state, { schemes: ['a'], trials: TRIALS })).toThrow(/schemes/);
    expect(() => CampaignAggregator.deserialize(state.subarray(0, 20), { schemes: SCHEMES, trials: TRIALS })).toThrow(
      /truncated/,
    );
  });
});

describe('summary', () => {
  const result = wholeResult();

  test('moments and quantiles match the raw values', () => {
    const { summary } = result;
    expect(summary.scheme).toEqual(SCHEMES.flatMap((s) => METRICS.map(() => s)));
    expect(summary.metric).toEqual(SCHEMES.flatMap(() => [...METRICS]));
    for (let s = 0; s < S; s++) {
      const censored = DATA.status.filter((_, i) => i % S === s && DATA.status[i] === STATUS_CENSORED).length;
      for (let m = 0; m < METRIC_COUNT; m++) {
        const row = s * METRIC_COUNT + m;
        const xs = Float64Array.from({ length: TRIALS }, (_, t) => DATA.values[(t * S + s) * METRIC_COUNT + m]!);
        const mean = xs.reduce((a, x) => a + x, 0) / TRIALS;
        const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (TRIALS - 1);
        xs.sort();
        expect(summary.count[row]).toBe(TRIALS);
        expect(summary.censored[row]).toBe(censored);
        expect(Math.abs(summary.mean[row]! - mean)).toBeLessThanOrEqual(1e-12 * Math.abs(mean));
        expect(Math.abs(summary.stdev[row]! ** 2 - variance)).toBeLessThanOrEqual(1e-10 * variance);
        expect(summary.min[row]).toBe(xs[0]);
        expect(summary.max[row]).toBe(xs[TRIALS - 1]);
        expect(summary.ci95_low[row]).toBeLessThan(summary.mean[row]!);
        expect(summary.ci95_high[row]).toBeGreaterThan(summary.mean[row]!);
        const quantiles = [summary.p05, summary.p50, summary.p90, summary.p95, summary.p99, summary.p999];
        [0.05, 0.5, 0.9, 0.95, 0.99, 0.999].forEach((q, j) => {
          // A value of the data within 0.5 % of the trials of the asked rank (rank-sketch.ts).
          const rank = quantileRank(q, TRIALS);
          const slack = 0.005 * TRIALS;
          expect(xs).toContain(quantiles[j]![row]!);
          expect(quantiles[j]![row]!).toBeGreaterThanOrEqual(xs[Math.max(1, rank - slack) - 1]!);
          expect(quantiles[j]![row]!).toBeLessThanOrEqual(xs[Math.min(TRIALS, rank + slack) - 1]!);
        });
      }
    }
  });

  test('histograms: bins from the sketch edges, counts summing to the trials', () => {
    const h = result.histograms;
    let r = 0;
    for (let s = 0; s < S; s++) {
      for (const metric of METRICS) {
        let total = 0;
        let previousHigh = NaN;
        while (r < h.count.length && h.scheme[r] === SCHEMES[s] && h.metric[r] === metric) {
          expect(h.bin_high[r]).toBeGreaterThan(h.bin_low[r]!);
          if (h.bin_low[r] !== 0 && !Number.isNaN(previousHigh) && previousHigh !== 1e-6) {
            expect(h.bin_low[r]).toBe(previousHigh); // contiguous after the zero bin
          }
          previousHigh = h.bin_high[r]!;
          total += h.count[r]!;
          r++;
        }
        expect(total, `${SCHEMES[s]} ${metric}`).toBe(TRIALS);
      }
    }
    expect(r).toBe(h.count.length);
    // crashes_* have zeros: a [0, 1e-6) bin first.
    const zeroBin = h.metric.findIndex((m) => m === 'crashes_network');
    expect([h.bin_low[zeroBin], h.bin_high[zeroBin]]).toEqual([0, 1e-6]);
  });

  test('paired mean difference equals the difference of means', () => {
    const { summary, comparison } = result;
    expect(comparison.scheme).toEqual(SCHEMES.slice(1).flatMap((s) => METRICS.map(() => s)));
    expect(new Set(comparison.baseline)).toEqual(new Set([SCHEMES[0]]));
    for (let s = 1; s < S; s++) {
      for (let m = 0; m < METRIC_COUNT; m++) {
        const k = (s - 1) * METRIC_COUNT + m;
        const expected = summary.mean[s * METRIC_COUNT + m]! - summary.mean[m]!;
        expect(Math.abs(comparison.mean_diff[k]! - expected)).toBeLessThanOrEqual(1e-9 * (Math.abs(expected) + 1));
        if (METRICS[m] === 'cuts') {
          expect(comparison.p_better[k]).toBeNaN();
          expect(comparison.p_worse[k]).toBeNaN();
        } else {
          expect(comparison.p_better[k]! + comparison.p_worse[k]!).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});

describe('paired comparison by hand', () => {
  // Two schemes, four trials. jct_h: baseline 10, 20, 30, 40; scheme 1: 9, 20, 35, 38.
  // Differences −1, 0, +5, −2: lower is better, so better in 2 trials, worse in 1, a tie.
  // goodput: baseline 0.5 everywhere, scheme 1: 0.6, 0.5, 0.4, 0.7 — higher is better.
  const jct = [
    [10, 9],
    [20, 20],
    [30, 35],
    [40, 38],
  ];
  const goodput = [
    [0.5, 0.6],
    [0.5, 0.5],
    [0.5, 0.4],
    [0.5, 0.7],
  ];
  const values = new Float64Array(4 * 2 * METRIC_COUNT);
  for (let t = 0; t < 4; t++) {
    for (let s = 0; s < 2; s++) {
      const row = (t * 2 + s) * METRIC_COUNT;
      values[row + M.jct_h] = jct[t]![s]!;
      values[row + M.goodput] = goodput[t]![s]!;
      values[row + M.cuts] = t; // same network for both schemes
      values[row + M.crashes_network] = s === 1 ? 0 : 1; // scheme 1 always better
    }
  }
  const agg = new CampaignAggregator({ schemes: ['a', 'b'], trials: 4 });
  agg.add(aggregateShard(values, new Uint8Array(8), new Float64Array(4).fill(1), 0, 4, 2));
  const { comparison: c, summary } = agg.result();

  test('mean_diff is the paired mean and equals the difference of means', () => {
    expect(c.mean_diff[M.jct_h]).toBe(0.5); // (−1 + 0 + 5 − 2) / 4
    expect(c.mean_diff[M.jct_h]).toBe(summary.mean[METRIC_COUNT + M.jct_h]! - summary.mean[M.jct_h]!);
    // Paired CI: sd of (−1, 0, 5, −2) = 3.109126, t(0.975, 3) = 3.182446 (R: qt).
    const half = (3.182446305284263 * Math.sqrt(29 / 3)) / 2;
    expect(c.ci95_low[M.jct_h]).toBeCloseTo(0.5 - half, 10);
    expect(c.ci95_high[M.jct_h]).toBeCloseTo(0.5 + half, 10);
  });

  test('p_better / p_worse follow METRIC_BETTER, ties are neither', () => {
    expect([c.p_better[M.jct_h], c.p_worse[M.jct_h]]).toEqual([0.5, 0.25]);
    expect([c.p_better[M.goodput], c.p_worse[M.goodput]]).toEqual([0.5, 0.25]);
    expect([c.p_better[M.crashes_network], c.p_worse[M.crashes_network]]).toEqual([1, 0]);
    expect([c.p_better[M.lost_work_h], c.p_worse[M.lost_work_h]]).toEqual([0, 0]); // all ties
    expect(c.p_better[M.cuts]).toBeNaN();
    expect(c.p_worse[M.cuts]).toBeNaN();
    expect(c.scheme).toEqual(METRICS.map(() => 'b'));
    expect(c.baseline).toEqual(METRICS.map(() => 'a'));
  });
});

describe('guards', () => {
  test('aggregateShard refuses a shard not aligned to blocks or arrays of the wrong size', () => {
    const part = (first: number) => aggregateShard(new Float64Array(S * METRIC_COUNT), new Uint8Array(S), new Float64Array(1).fill(1), first, 1, S);
    expect(() => part(1000)).toThrow(/multiple of 1024/);
    expect(() => aggregateShard(new Float64Array(5), new Uint8Array(S), new Float64Array(1).fill(1), 0, 1, S)).toThrow(/values/);
    expect(() => aggregateShard(new Float64Array(S * METRIC_COUNT), new Uint8Array(1), new Float64Array(1).fill(1), 0, 1, S)).toThrow(/status/);
  });

  test('a NaN is reported, and leaves no trace in the next shard', () => {
    const bad = outcomes(2048, 'bad');
    bad.values[(1500 * S + 1) * METRIC_COUNT + M.stall_h] = NaN;
    expect(() => shard(bad, 0, 2048)).toThrow(/non-finite stall_h for scheme 1 in trials 1024 … 2047/);
    const clean = new CampaignAggregator({ schemes: SCHEMES, trials: TRIALS });
    clean.add(shard(DATA, 0, TRIALS));
    expectBitIdentical(clean.result(), wholeResult());
  });

  test('the aggregator refuses overlaps, shards past the end and short blocks in the middle', () => {
    const agg = new CampaignAggregator({ schemes: SCHEMES, trials: TRIALS });
    agg.add(shard(DATA, 4096, 2048));
    expect(() => agg.add(shard(DATA, 5120, 1024))).toThrow(/overlap held trials/);
    expect(() => agg.add(shard(DATA, 0, 1000))).toThrow(/ends inside a block/);
    agg.add(shard(DATA, 0, 4096));
    expect(agg.trialsMerged).toBe(6144);
    expect(() => agg.add(shard(DATA, 2048, 1024))).toThrow(/overlap trials already taken/);
    expect(() => agg.add(shard(outcomes(11_264), 10_240, 1024))).toThrow(/past the campaign/);
    const two = new CampaignAggregator({ schemes: ['a', 'b'], trials: TRIALS });
    expect(() => two.add(shard(DATA, 0, 1024))).toThrow(/3 schemes, expected 2/);
  });

  test('a single scheme has no comparison rows', () => {
    const values = new Float64Array(3 * METRIC_COUNT).fill(2);
    const agg = new CampaignAggregator({ schemes: ['only'], trials: 3 });
    agg.add(aggregateShard(values, new Uint8Array(3), new Float64Array(3).fill(1), 0, 3, 1));
    const { summary, comparison } = agg.result();
    expect(summary.mean[0]).toBe(2);
    expect(summary.stdev[0]).toBe(0);
    expect(summary.p50[0]).toBe(2);
    expect(comparison.mean_diff.length).toBe(0);
  });

  test('shardAggregateFromData checks the format and length', () => {
    const part = shard(DATA, 0, 1024);
    expect(shardAggregateFromData(part.data.slice()).blockMoments).toEqual(part.blockMoments);
    expect(() => shardAggregateFromData(part.data.subarray(0, part.data.length - 1))).toThrow(/doubles/);
    expect(() => shardAggregateFromData(new Float64Array(10))).toThrow(/not a scale-across/);
  });

  test('partial results cover the merged prefix only; an empty campaign gives NaN statistics', () => {
    const agg = new CampaignAggregator({ schemes: SCHEMES, trials: TRIALS });
    const empty = agg.result();
    expect(empty.trials).toBe(0);
    expect(empty.summary.count[0]).toBe(0);
    expect(empty.summary.mean[0]).toBeNaN();
    expect(empty.summary.p50[0]).toBeNaN();
    expect(empty.histograms.count.length).toBe(0);
    agg.add(shard(DATA, 2048, 1024)); // pending: not in the result
    expect(agg.result().summary.count[0]).toBe(0);
  });
});
