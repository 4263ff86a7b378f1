/**
 * The shard aggregate: what a shard's trials contribute to the summaries, in fixed
 * blocks of BLOCK_TRIALS trials aligned to the trial index, as one Float64Array.
 * Made by the worker (shard-accumulator.ts), merged in block order by the coordinator
 * (block-aggregator.ts), carried inside a partial result (src/campaign/partial-result.ts).
 *
 * Why blocks: floating-point sums are not associative, so a campaign's moments would
 * change in their last bits with the sharding if shards were merged as they come.
 * Every sum is therefore kept per block, accumulated in trial order, and blocks are
 * merged strictly in block-index order, so every floating-point operation happens in
 * the same order whatever the worker count, shard size, completion order, resume or
 * split into shard tasks. That holds for the weighted counts too (histogram buckets,
 * censored, better and worse are sums of likelihood-ratio weights, integers only when
 * every weight is 1). The summary quantiles come from rank sketches (rank-sketch.ts),
 * whose nodes are fixed dyadic groups of blocks, bit-identical whatever the sharding too.
 *
 * Weights (importance sampling, docs/model.md#results): trial t carries a weight w_t,
 * common to its schemes, exactly 1 without importance sampling. The moments of a
 * metric are those of w·x (their mean (1/n)·Σ w·x is the unbiased estimate, their
 * variance gives its CI), the paired ones those of w·(x_s − x_0); min and max are of x
 * itself; counts are sums of w. With every w = 1 each of these is the very operation
 * of an unweighted aggregation (w·x = x exactly), so the files do not change.
 */
import { METRICS, METRIC_BETTER, METRIC_COUNT } from '../model/metrics.js';
import { SKETCH_BUCKETS } from './log-sketch.js';
import { SLOT } from './moments.js';
import { RANK_SKETCH_CAPACITY, rankSketchLength } from './rank-sketch.js';

/** Trials per aggregation block. Shards start at multiples of it. */
export const BLOCK_TRIALS = 1024;
if (BLOCK_TRIALS !== RANK_SKETCH_CAPACITY) throw new Error('shard-aggregate: rank sketch leaves must be blocks');

const M = METRIC_COUNT;
const NB = SKETCH_BUCKETS;
export const SHARD_MAGIC = 0x5ca1a5; // "scale-across shard"
/**
 * 4: the sketches in G groups, per block or folded (3 had them per block always; 2 per
 * shard, unweighted).
 */
export const FORMAT_VERSION = 4;
export const SHARD_HEADER = 9;
/** Per sparse sketch: zero-bucket count, lo, hi. */
export const SPARSE_HEAD = 3;

/** Metric directions as a typed array: −1 lower is better, +1 higher, 0 none. */
export const DIRECTION = Int8Array.from(METRICS, (m) => METRIC_BETTER[m]);

// ---------------------------------------------------------------------------------
// The shard aggregate (worker → coordinator)
// ---------------------------------------------------------------------------------

/**
 * What a worker returns for trials `first … first + n − 1` under S schemes. Every field
 * below `data` is a view on `data`; share or transfer `data.buffer` (or send `data` alone and
 * rebuild the views with `shardAggregateFromData`).
 *
 * Layout of `data` (float64; M = METRIC_COUNT, SL = SLOT = 5 doubles [count, mean, M2,
 * min, max] per moments slot, B = blocks = ceil(n / 1024), D = S − 1 compared
 * schemes, NB = SKETCH_BUCKETS; "weighted count" = sum of the trials' weights):
 *
 * | section         | doubles      | index                                         |
 * |-----------------|--------------|-----------------------------------------------|
 * | header          | 9            | magic, version, first, n, S, M, NB, countsLen,|
 * |                 |              | G sketch groups                               |
 * | blockMoments    | B·S·M·SL     | slot (b·S + s)·M + m, of w·x (min, max of x)  |
 * | blockWeights    | B·SL         | slot b: moments of the weights w              |
 * | blockCensored   | B·S          | b·S + s, weighted count                       |
 * | diffMoments     | B·D·M·SL     | slot (b·D + s − 1)·M + m, of w·(x_s − x_0)    |
 * | better          | B·D·M        | (b·D + s − 1)·M + m, weighted count           |
 * | worse           | B·D·M        | (b·D + s − 1)·M + m, weighted count           |
 * | changed         | B·D·M        | (b·D + s − 1)·M + m, plain count of d ≠ 0     |
 * | sketchRanges    | G·S·M·3      | ((g·S + s)·M + m)·3 + 0 → weighted count of   |
 * |                 |              | the zero bucket, + 1 → lo, + 2 → hi: the      |
 * |                 |              | non-empty log buckets of group g              |
 * | sketchCounts    | countsLen    | those buckets lo … hi − 1 (weighted counts),  |
 * |                 |              | in (g, s, m) order                            |
 * | quantileNodes   | the rest     | rank-sketch nodes of the shard's blocks, one  |
 * |                 |              | sketch per (s, m) (rank-sketch.ts format)     |
 *
 * Sketches travel sparse: the zero bucket apart, then only the buckets from the first
 * to the last non-empty one of each block, which keeps a buffered out-of-order shard
 * small (a block of 1024 trials touches few of the NB buckets).
 *
 * Sketch groups: a worker makes one group per block (G = B), added in block order like
 * every other weighted sum. Without importance sampling every count is an integer (a
 * sum of weights that are all exactly 1), and sums of integers below 2^53 are exact in
 * any order, so the blocks' sketches may also travel folded into one group: the part
 * writer of a shard task sums a part's ≈ 100 blocks into the group of its last result
 * (the others carry G = 0), which halves the part and the merge's reading
 * (src/campaign/part-file.ts). Weighted sketches are never folded: their sums round.
 */
export interface ShardAggregate {
  readonly data: Float64Array;
  readonly first: number;
  readonly n: number;
  readonly schemes: number;
  readonly blocks: number;
  readonly blockMoments: Float64Array;
  readonly blockWeights: Float64Array;
  readonly blockCensored: Float64Array;
  readonly diffMoments: Float64Array;
  readonly better: Float64Array;
  readonly worse: Float64Array;
  /**
   * Trials whose paired difference is not zero, counted without weights: how many
   * trials an estimate rests on (the stopping rule's guard), whatever they weigh.
   */
  readonly changed: Float64Array;
  /** Sparse sketch groups (G of them, each S·M sketches): one per block, or folded (none or one). */
  readonly sketchGroups: number;
  readonly sketchRanges: Float64Array;
  readonly sketchCounts: Float64Array;
  /** The shard's rank-sketch nodes (rank-sketch.ts), after the sketch counts. */
  readonly quantileNodes: Float64Array;
}

export interface ShardLayout {
  readonly blockMoments: number;
  readonly blockWeights: number;
  readonly blockCensored: number;
  readonly diffMoments: number;
  readonly better: number;
  readonly worse: number;
  readonly changed: number;
  readonly sketchRanges: number;
  readonly sketchCounts: number;
}

/** Offsets of the sections of a shard aggregate of `blocks` blocks whose sketches come in `groups` groups (one per block unless folded). */
export function shardLayout(schemes: number, blocks: number, groups = blocks): ShardLayout {
  const d = schemes - 1;
  const blockMoments = SHARD_HEADER;
  const blockWeights = blockMoments + blocks * schemes * M * SLOT;
  const blockCensored = blockWeights + blocks * SLOT;
  const diffMoments = blockCensored + blocks * schemes;
  const better = diffMoments + blocks * d * M * SLOT;
  const worse = better + blocks * d * M;
  const changed = worse + blocks * d * M;
  const sketchRanges = changed + blocks * d * M;
  const sketchCounts = sketchRanges + groups * schemes * M * SPARSE_HEAD;
  return { blockMoments, blockWeights, blockCensored, diffMoments, better, worse, changed, sketchRanges, sketchCounts };
}

/** Rebuilds the views of a shard aggregate from its `data` (after crossing threads or a read). */
export function shardAggregateFromData(data: Float64Array): ShardAggregate {
  if (data.length < SHARD_HEADER || data[0] !== SHARD_MAGIC) {
    throw new Error('shard aggregate: not a scale-across shard aggregate');
  }
  if (data[1] !== FORMAT_VERSION || data[5] !== M || data[6] !== NB) {
    throw new Error(
      `shard aggregate: format ${data[1]} with ${data[5]} metrics and ${data[6]} buckets, ` +
        `expected format ${FORMAT_VERSION} with ${M} metrics and ${NB} buckets`,
    );
  }
  const first = data[2];
  const n = data[3];
  const schemes = data[4];
  const countsLength = data[7];
  const groups = data[8];
  const blocks = Math.ceil(n / BLOCK_TRIALS);
  if (!(Number.isInteger(groups) && groups >= 0 && groups <= blocks)) {
    throw new Error(`shard aggregate: ${groups} sketch groups for ${blocks} blocks`);
  }
  const at = shardLayout(schemes, blocks, groups);
  const nodesAt = at.sketchCounts + countsLength;
  const nodesLength = rankSketchLength(data, nodesAt);
  if (data.length !== nodesAt + nodesLength) {
    throw new Error(`shard aggregate: ${data.length} doubles, expected ${nodesAt + nodesLength}`);
  }
  return {
    data,
    first,
    n,
    schemes,
    blocks,
    blockMoments: data.subarray(at.blockMoments, at.blockWeights),
    blockWeights: data.subarray(at.blockWeights, at.blockCensored),
    blockCensored: data.subarray(at.blockCensored, at.diffMoments),
    diffMoments: data.subarray(at.diffMoments, at.better),
    better: data.subarray(at.better, at.worse),
    worse: data.subarray(at.worse, at.changed),
    changed: data.subarray(at.changed, at.sketchRanges),
    sketchGroups: groups,
    sketchRanges: data.subarray(at.sketchRanges, at.sketchCounts),
    sketchCounts: data.subarray(at.sketchCounts, nodesAt),
    quantileNodes: data.subarray(nodesAt),
  };
}

/**
 * Adds sparse sketches (triples zero count, lo, hi + concatenated counts) to a bank of
 * `sketches` sketches: range r goes to sketch r mod `sketches`, so that a shard's
 * blocks are added one after the other, in block order.
 */
export function addSparseSketches(bank: Float64Array, ranges: Float64Array, counts: Float64Array, sketches: number): void {
  let at = 0;
  for (let k = 0; k < ranges.length / SPARSE_HEAD; k++) {
    const base = (k % sketches) * NB;
    const lo = ranges[SPARSE_HEAD * k + 1];
    const hi = ranges[SPARSE_HEAD * k + 2];
    if (!(lo >= 1 && hi <= NB && lo <= hi) || at + hi - lo > counts.length) {
      throw new Error(`sketch ${k}: bad bucket range [${lo}, ${hi})`);
    }
    bank[base] += ranges[SPARSE_HEAD * k];
    for (let i = lo; i < hi; i++) bank[base + i] += counts[at++];
  }
}

/**
 * A bank of `sketches` dense sketches (NB buckets each) as one sparse group: per sketch
 * the zero-bucket count and the range lo … hi − 1 from its first to its last non-empty
 * log bucket (lo = hi = NB when there is none), then those ranges' counts.
 */
export function sparseSketches(bank: Float64Array, sketches: number): { readonly ranges: Float64Array; readonly counts: Float64Array } {
  const ranges = new Float64Array(sketches * SPARSE_HEAD);
  let length = 0;
  for (let k = 0; k < sketches; k++) {
    const base = k * NB;
    let lo = 1;
    while (lo < NB && bank[base + lo] === 0) lo++;
    let hi = NB;
    while (hi > lo && bank[base + hi - 1] === 0) hi--;
    ranges[SPARSE_HEAD * k] = bank[base]!;
    ranges[SPARSE_HEAD * k + 1] = lo;
    ranges[SPARSE_HEAD * k + 2] = hi;
    length += hi - lo;
  }
  const counts = new Float64Array(length);
  let at = 0;
  for (let k = 0; k < sketches; k++) {
    const base = k * NB;
    const lo = ranges[SPARSE_HEAD * k + 1]!;
    const hi = ranges[SPARSE_HEAD * k + 2]!;
    counts.set(bank.subarray(base + lo, base + hi), at);
    at += hi - lo;
  }
  return { ranges, counts };
}

/**
 * The data of `agg` with its sketches replaced by `groups` sparse groups (`ranges`,
 * `counts`) and its rank-sketch nodes by `nodes`: a shard task's part writer folds a
 * part's sketches and combines its nodes (src/campaign/part-file.ts).
 */
export function withSketchesAndNodes(agg: ShardAggregate, groups: number, ranges: Float64Array, counts: Float64Array, nodes: Float64Array): Float64Array {
  const at = shardLayout(agg.schemes, agg.blocks, groups);
  if (ranges.length !== groups * agg.schemes * M * SPARSE_HEAD) throw new Error(`shard aggregate: ${ranges.length / SPARSE_HEAD} sketch ranges for ${groups} groups`);
  const out = new Float64Array(at.sketchCounts + counts.length + nodes.length);
  out.set(agg.data.subarray(0, at.sketchRanges));
  out[7] = counts.length;
  out[8] = groups;
  out.set(ranges, at.sketchRanges);
  out.set(counts, at.sketchCounts);
  out.set(nodes, at.sketchCounts + counts.length);
  return out;
}
