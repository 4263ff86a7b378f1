/**
 * The rank sketch of the summary quantiles: exact up to one block, bit-identical
 * whatever the sharding or a resume, rank error within its documented random walk on a
 * distribution the log sketch cannot resolve (a narrow bump far from zero, atoms,
 * integers), memory logarithmic in the blocks.
 */
import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';
import { RANK_SKETCH_CAPACITY, RankSketchFrontier, rankSketchShard } from '../../src/stats/rank-sketch.js';

const B = RANK_SKETCH_CAPACITY;
/** Two "schemes" × two "metrics": four sketches, laid out as a worker's outcome rows. */
const S = 2;
const M = 2;
const K = S * M;

/**
 * Sketch 0: 809 h + a normal of sd 2 h (JCT-like: spread 0.25 % of the value); sketch
 * 1: 30 % exactly 0, 10 % exactly 1/72 000 h (an atom), the rest lognormal; sketch 2:
 * integers around 400 (crash counts); sketch 3: 20 % zeros, the rest uniform on [−0.5, 0.5).
 */
function values(n: number, seed = 'rank'): Float64Array {
  const rng = seedrandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const v = new Float64Array(n * K);
  for (let t = 0; t < n; t++) {
    const u = rng();
    v[t * K] = 809 + 2 * normal();
    v[t * K + 1] = u < 0.3 ? 0 : u < 0.4 ? 1 / 72_000 : Math.exp(normal());
    v[t * K + 2] = Math.round(400 + 20 * normal());
    v[t * K + 3] = u < 0.2 ? 0 : rng() - 0.5; // zeros amid negative and positive values
  }
  return v;
}

/** A frontier fed with `values` cut into shards of the given block counts (the last takes the rest). */
function frontier(v: Float64Array, n: number, shardBlocks: readonly number[]): RankSketchFrontier {
  const f = new RankSketchFrontier(K);
  let first = 0;
  for (let i = 0; first < n; i++) {
    const count = Math.min(n - first, (shardBlocks[i % shardBlocks.length] ?? 1) * B);
    f.add(rankSketchShard(v.subarray(first * K, (first + count) * K), new Float64Array(count).fill(1), S, M, first / B, count));
    first += count;
  }
  return f;
}

function column(v: Float64Array, n: number, k: number): Float64Array {
  return Float64Array.from({ length: n }, (_, t) => v[t * K + k]!).sort();
}

const rankOf = (q: number, n: number) => Math.min(n, Math.max(1, Math.ceil(q * n)));

/** Largest |rank error| / n over `qs`, the rank error of v being its distance to the ranks x(k) = v spans. */
function worstRankError(f: RankSketchFrontier, v: Float64Array, n: number, k: number, qs: readonly number[]): number {
  const xs = column(v, n, k);
  const out = new Float64Array(qs.length);
  f.quantiles(k, qs, n, xs[0]!, xs[n - 1]!, out);
  let worst = 0;
  qs.forEach((q, j) => {
    const r = rankOf(q, n);
    // ranks of v: (count below v, count ≤ v]
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid]! < out[j]!) lo = mid + 1;
      else hi = mid;
    }
    const below = lo;
    let upTo = below;
    while (upTo < n && xs[upTo] === out[j]) upTo++;
    expect(upTo, `q = ${q}: ${out[j]} is not a value of the data`).toBeGreaterThan(below);
    const error = r <= below ? below + 1 - r : r > upTo ? r - upTo : 0;
    worst = Math.max(worst, error / n);
  });
  return worst;
}

const sameBits = (a: Float64Array, b: Float64Array) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

const QS = Array.from({ length: 999 }, (_, i) => (i + 1) / 1000);

describe('rank sketch', () => {
  test('up to one block it is exact: every quantile is the order statistic', () => {
    for (const n of [1, 2, 7, 1000, B]) {
      const v = values(n, `small ${n}`);
      const f = frontier(v, n, [1]);
      for (let k = 0; k < K; k++) {
        const xs = column(v, n, k);
        const out = new Float64Array(QS.length);
        f.quantiles(k, QS, n, xs[0]!, xs[n - 1]!, out);
        QS.forEach((q, j) => expect(out[j]).toBe(xs[rankOf(q, n) - 1]));
      }
    }
  });

  test('bit-identical whatever the shard sizes, and after a resume from its state', () => {
    const n = 37 * B + 321; // a partial last block
    const v = values(n, 'shards');
    const reference = frontier(v, n, [1]).serialize();
    for (const shards of [[64], [2], [3, 5, 1], [7, 1, 1, 16]]) {
      expect(sameBits(frontier(v, n, shards).serialize(), reference), `shards of ${shards} blocks`).toBe(true);
    }
    // Resume: state after 11 blocks, restored, then the rest in other shards.
    const half = frontier(v.subarray(0, 11 * B * K), 11 * B, [4]);
    const resumed = RankSketchFrontier.deserialize(half.serialize(), K);
    let first = 11 * B;
    for (const blocks of [6, 13, 100]) {
      const count = Math.min(n - first, blocks * B);
      resumed.add(rankSketchShard(v.subarray(first * K, (first + count) * K), new Float64Array(count).fill(1), S, M, first / B, count));
      first += count;
    }
    expect(sameBits(resumed.serialize(), reference)).toBe(true);
  });

  test('unweighted nodes combine without their weights to the very items of the weighted combine', () => {
    // Every trial weighing 2 takes the weighted path (leaves sorted with their weights,
    // combine summing pairs); weighing 1, the unit path. Compaction keeps items by
    // position only, so both must keep the same items, the weighted ones weighing twice
    // 2^level. Odd counts (a partial last block, shards of 3 and 5 blocks) exercise the
    // odd item out and the strided copy of one side's rest.
    const n = 45 * B + 333;
    const v = values(n, 'unit');
    const feed = (weight: number) => {
      const f = new RankSketchFrontier(K);
      for (let first = 0, i = 0; first < n; i++) {
        const count = Math.min(n - first, [3, 5, 1][i % 3]! * B);
        f.add(rankSketchShard(v.subarray(first * K, (first + count) * K), new Float64Array(count).fill(weight), S, M, first / B, count));
        first += count;
      }
      return f;
    };
    const nodes = (state: Float64Array) => {
      const out: { level: number; items: number[]; weights: number[] | null }[] = [];
      let at = 4;
      for (let i = 0; i < state[3]!; i++) {
        const level = state[at]!;
        const unit = state[at + 2] === 1;
        const counts = Array.from(state.subarray(at + 3, at + 3 + K));
        at += 3 + K;
        const total = counts.reduce((s, c) => s + c, 0);
        const items = Array.from(state.subarray(at, at + total));
        at += total;
        const weights = unit ? null : Array.from(state.subarray(at, at + total));
        if (!unit) at += total;
        out.push({ level, items, weights });
      }
      return out;
    };
    const unit = nodes(feed(1).serialize());
    const weighted = nodes(feed(2).serialize());
    expect(unit.length).toBe(4); // 45 full blocks + 1 = 46 = 0b101110
    expect(weighted.length).toBe(unit.length);
    unit.forEach((node, i) => {
      expect(node.weights, `node ${i} travels without weights`).toBeNull();
      expect(sameBits(Float64Array.from(weighted[i]!.items), Float64Array.from(node.items)), `node ${i}: the same items`).toBe(true);
      expect(weighted[i]!.weights).toEqual(node.items.map(() => 2 * 2 ** node.level));
    });
    const a = new Float64Array(QS.length);
    const b = new Float64Array(QS.length);
    for (let k = 0; k < K; k++) {
      feed(1).quantiles(k, QS, n, -Infinity, Infinity, a);
      feed(2).quantiles(k, QS, n, -Infinity, Infinity, b);
      expect(sameBits(a, b), `sketch ${k}: the same quantiles`).toBe(true);
    }
  });

  test('rank error within 0.2 % of n (4 SD of its random walk) on shapes a relative-error sketch cannot resolve', () => {
    const n = 300 * B + 77;
    const v = values(n, 'accuracy');
    const f = frontier(v, n, [16]);
    for (let k = 0; k < K; k++) expect(worstRankError(f, v, n, k, QS), `sketch ${k}`).toBeLessThanOrEqual(0.002);
  });

  test('memory: the frontier holds one node per bit of the block count', () => {
    const n = 200 * B; // 200 = 0b11001000: three nodes
    const v = values(n, 'memory');
    const state = frontier(v, n, [8]).serialize();
    expect(state[3]).toBe(3);
    expect(state.length).toBeLessThanOrEqual(4 + 3 * (3 + K + K * B));
  });

  test('refuses a node set that is not one, is damaged, or does not continue the frontier', () => {
    const v = values(3 * B, 'bad');
    const first = rankSketchShard(v.subarray(0, B * K), new Float64Array(B).fill(1), S, M, 0, B);
    const third = rankSketchShard(v.subarray(2 * B * K), new Float64Array(B).fill(1), S, M, 2, B);
    const f = new RankSketchFrontier(K);
    expect(() => f.add(third)).toThrow(/starts at block 2, expected 0/);
    expect(() => f.add(new Float64Array(10))).toThrow(/not a scale-across rank sketch/);
    expect(() => f.add(first.subarray(0, first.length - 1))).toThrow(/truncated/);
    expect(() => new RankSketchFrontier(K + 1).add(first)).toThrow(/sketches/);
    const unsorted = first.slice();
    unsorted[4 + 3 + K] = 1e9; // first item of sketch 0 (after level, index, unit flag, counts)
    expect(() => new RankSketchFrontier(K).add(unsorted)).toThrow(/not sorted/);
  });

  test('an empty sketch gives NaN; ranks 1 and n give the exact extremes', () => {
    const out = new Float64Array(2);
    new RankSketchFrontier(K).quantiles(0, [0.5, 0.9], 0, NaN, NaN, out);
    expect([...out]).toEqual([NaN, NaN]);
    const v = values(5000, 'ends');
    const f = frontier(v, 5000, [2]);
    f.quantiles(0, [0, 1], 5000, -1, 1e6, out);
    expect([...out]).toEqual([-1, 1e6]);
  });
});

describe('a partial merge (shards missing)', () => {
  test('skipped blocks are passed over: the blocks on either side never combine, and the quantiles are those of the trials present', () => {
    const blocks = 40;
    const n = blocks * B;
    const v = values(n, 'gap');
    // Shards of 4 blocks; the shards covering blocks 8–11 and 20–27 never come.
    const missing = new Set([2, 5, 6]);
    const f = new RankSketchFrontier(K);
    const present: number[] = [];
    for (let s = 0; s < blocks / 4; s++) {
      if (missing.has(s)) {
        f.skip(4);
        continue;
      }
      const first = s * 4 * B;
      f.add(rankSketchShard(v.subarray(first * K, (first + 4 * B) * K), new Float64Array(4 * B).fill(1), S, M, first / B, 4 * B));
      for (let t = first; t < first + 4 * B; t++) present.push(t);
    }
    expect(f.blocks).toBe(blocks);
    // Only the trials present, as one column of values for sketch 0.
    const kept = new Float64Array(present.length * K);
    present.forEach((t, i) => kept.set(v.subarray(t * K, (t + 1) * K), i * K));
    const m = present.length;
    expect(worstRankError(f, kept, m, 0, [0.05, 0.5, 0.9, 0.99])).toBeLessThan(0.002);
    // Skipping backwards is refused.
    expect(() => f.skip(-1)).toThrow(/skip back/);
  });
});
