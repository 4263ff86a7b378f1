/**
 * Block aggregation: the determinism core of the summaries (SPEC §4).
 *
 * Floating-point sums are not associative, so the moments of a campaign would change in
 * their last bits with the sharding if shards were merged as they come. Instead, trials
 * are grouped in FIXED BLOCKS of BLOCK_TRIALS consecutive trials aligned to the trial
 * index (block b = trials b·1024 … b·1024 + 1023; only the campaign's last block may be
 * shorter). A worker accumulates each block's moments in trial order (Welford), and the
 * coordinator merges the blocks strictly in block-index order (Chan et al.). Every
 * floating-point operation then happens in the same order whatever the worker count,
 * shard size, completion order or resume, so the summaries are bit-identical.
 * Log sketches (histograms), censored counts and better/worse counts are integer
 * counts in float64: their sums are exact in any order. The summary quantiles come
 * from rank sketches (rank-sketch.ts), whose nodes are fixed dyadic groups of blocks,
 * bit-identical whatever the sharding too.
 *
 * Worker side: `aggregateShard` turns a shard's outcome rows into a `ShardAggregate`,
 * one Float64Array (plus views on it) that crosses threads without a copy (its buffer
 * shared or transferred)
 * and can be stored as is to resume a campaign. Coordinator side: `CampaignAggregator`.
 */
import { METRICS, METRIC_BETTER, METRIC_COUNT, STATUS_CENSORED } from '../model/metrics.js';
import { ci95 } from './confidence.js';
import { plainFloat64, type Float64Allocator } from './float64-allocator.js';
import {
  SKETCH_BUCKETS,
  bucketHigh,
  bucketIndex,
  bucketLow,
  createSketchBank,
} from './log-sketch.js';
import { RANK_SKETCH_CAPACITY, RankSketchFrontier, rankSketchLength, rankSketchShard } from './rank-sketch.js';
import {
  COUNT,
  M2,
  MAX,
  MEAN,
  MIN,
  SLOT,
  createMomentsBank,
  momentsMax,
  momentsMean,
  momentsMergeBank,
  momentsMin,
  momentsStdev,
  resetMoments,
} from './moments.js';

/** Trials per aggregation block. Shards start at multiples of it. */
export const BLOCK_TRIALS = 1024;
if (BLOCK_TRIALS !== RANK_SKETCH_CAPACITY) throw new Error('block-aggregator: rank sketch leaves must be blocks');

const M = METRIC_COUNT;
const NB = SKETCH_BUCKETS;
const SHARD_MAGIC = 0x5ca1a5; // "scale-across shard"
const CAMPAIGN_MAGIC = 0x5ca1ac; // "scale-across campaign"
const FORMAT_VERSION = 2;
const SHARD_HEADER = 8;
const CAMPAIGN_HEADER = 9;
/** Per sparse sketch: zero-bucket count, lo, hi. */
const SPARSE_HEAD = 3;

/** Metric directions as a typed array: −1 lower is better, +1 higher, 0 none. */
const DIRECTION = Int8Array.from(METRICS, (m) => METRIC_BETTER[m]);

// ---------------------------------------------------------------------------------
// The shard aggregate (worker → coordinator)
// ---------------------------------------------------------------------------------

/**
 * What a worker returns for trials `first … first + n − 1` under S schemes. Every field
 * below `data` is a view on `data`; share or transfer `data.buffer` (or send `data` alone and
 * rebuild the views with `shardAggregateFromData`).
 *
 * Layout of `data` (float64; counts are exact integers; M = METRIC_COUNT, SL = SLOT = 5
 * doubles [count, mean, M2, min, max] per moments slot, B = blocks = ceil(n / 1024),
 * D = S − 1 compared schemes, NB = SKETCH_BUCKETS):
 *
 * | section         | doubles      | index                                         |
 * |-----------------|--------------|-----------------------------------------------|
 * | header          | 8            | magic, version, first, n, S, M, NB, countsLen |
 * | blockMoments    | B·S·M·SL     | slot (b·S + s)·M + m                          |
 * | blockCensored   | B·S          | b·S + s                                       |
 * | diffMoments     | B·D·M·SL     | slot (b·D + s − 1)·M + m, of x_s − x_0        |
 * | better          | D·M          | (s − 1)·M + m, whole shard                    |
 * | worse           | D·M          | (s − 1)·M + m, whole shard                    |
 * | sketchRanges    | S·M·3        | (s·M + m)·3 + 0 → count of the zero bucket,   |
 * |                 |              | + 1 → lo, + 2 → hi: non-empty log buckets     |
 * | sketchCounts    | countsLen    | sketch (s·M + m)'s buckets lo … hi − 1, one   |
 * |                 |              | sketch after the other in (s, m) order        |
 * | quantileNodes   | the rest     | rank-sketch nodes of the shard's blocks, one  |
 * |                 |              | sketch per (s, m) (rank-sketch.ts format)     |
 *
 * Sketches travel sparse: the zero bucket apart, then only the buckets from the first
 * to the last non-empty one, which keeps a buffered out-of-order shard small.
 */
export interface ShardAggregate {
  readonly data: Float64Array;
  readonly first: number;
  readonly n: number;
  readonly schemes: number;
  readonly blocks: number;
  readonly blockMoments: Float64Array;
  readonly blockCensored: Float64Array;
  readonly diffMoments: Float64Array;
  readonly better: Float64Array;
  readonly worse: Float64Array;
  readonly sketchRanges: Float64Array;
  readonly sketchCounts: Float64Array;
  /** The shard's rank-sketch nodes (rank-sketch.ts), after the sketch counts. */
  readonly quantileNodes: Float64Array;
}

interface ShardLayout {
  readonly blockMoments: number;
  readonly blockCensored: number;
  readonly diffMoments: number;
  readonly better: number;
  readonly worse: number;
  readonly sketchRanges: number;
  readonly sketchCounts: number;
}

function shardLayout(schemes: number, blocks: number): ShardLayout {
  const d = schemes - 1;
  const blockMoments = SHARD_HEADER;
  const blockCensored = blockMoments + blocks * schemes * M * SLOT;
  const diffMoments = blockCensored + blocks * schemes;
  const better = diffMoments + blocks * d * M * SLOT;
  const worse = better + d * M;
  const sketchRanges = worse + d * M;
  const sketchCounts = sketchRanges + schemes * M * SPARSE_HEAD;
  return { blockMoments, blockCensored, diffMoments, better, worse, sketchRanges, sketchCounts };
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
  const blocks = Math.ceil(n / BLOCK_TRIALS);
  const at = shardLayout(schemes, blocks);
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
    blockMoments: data.subarray(at.blockMoments, at.blockCensored),
    blockCensored: data.subarray(at.blockCensored, at.diffMoments),
    diffMoments: data.subarray(at.diffMoments, at.better),
    better: data.subarray(at.better, at.worse),
    worse: data.subarray(at.worse, at.sketchRanges),
    sketchRanges: data.subarray(at.sketchRanges, at.sketchCounts),
    sketchCounts: data.subarray(at.sketchCounts, nodesAt),
    quantileNodes: data.subarray(nodesAt),
  };
}

// Per-thread scratch, reused from shard to shard so the worker allocates only its
// result. `scratchSketch` is all zeros between calls (each call clears what it used).
let scratchHead = new Float64Array(0);
let scratchSketch = new Float64Array(0);

/**
 * Block b's moments, censored counts, paired differences and sketch counts, from trial
 * offsets tStart … tEnd − 1 of the shard. A function of its own, called per block, so
 * that V8 optimises it once instead of replacing a shard-long loop on the stack.
 *
 * Welford's update (as momentsAdd) inlined for speed, with one twist: every slot of a
 * block sees the same count k, so the division by k is a multiplication by 1/k
 * computed once per trial. Deterministic all the same: each block is always computed
 * by exactly these operations in trial order.
 */
function accumulateBlock(
  values: Float64Array,
  status: Uint8Array,
  b: number,
  tStart: number,
  tEnd: number,
  S: number,
  moments: Float64Array,
  censored: Float64Array,
  diffs: Float64Array,
  better: Float64Array,
  worse: Float64Array,
  sketch: Float64Array,
): void {
  const D = S - 1;
  const momentBase = b * S * M;
  const diffBase = b * D * M - M; // + s·M + m for scheme s ≥ 1
  // The counts first: code after a long loop that V8 compiled on the stack (OSR) has no
  // type feedback yet and would throw that compilation away at the loop's end.
  const blockCount = tEnd - tStart;
  for (let slot = momentBase; slot < momentBase + S * M; slot++) moments[slot * SLOT + COUNT] = blockCount;
  for (let slot = b * D * M; slot < (b + 1) * D * M; slot++) diffs[slot * SLOT + COUNT] = blockCount;
  for (let t = tStart; t < tEnd; t++) {
    const inv = 1 / (t - tStart + 1);
    const trialRow = t * S * M;
    for (let s = 0; s < S; s++) {
      if (status[t * S + s] === STATUS_CENSORED) censored[b * S + s] += 1;
      const row = trialRow + s * M;
      const slotBase = (momentBase + s * M) * SLOT;
      const sketchBase = s * M * NB;
      const paired = s > 0;
      const diffSlotBase = (diffBase + s * M) * SLOT;
      const pair = (s - 1) * M;
      for (let m = 0; m < M; m++) {
        const x = values[row + m]!;
        let o = slotBase + m * SLOT;
        let mean = moments[o + MEAN]!;
        let delta = x - mean;
        mean += delta * inv;
        moments[o + MEAN] = mean;
        moments[o + M2]! += delta * (x - mean);
        if (x < moments[o + MIN]!) moments[o + MIN] = x;
        if (x > moments[o + MAX]!) moments[o + MAX] = x;
        sketch[sketchBase + m * NB + bucketIndex(x)]! += 1;
        if (!paired) continue;
        const d = x - values[trialRow + m]!;
        o = diffSlotBase + m * SLOT;
        mean = diffs[o + MEAN]!;
        delta = d - mean;
        mean += delta * inv;
        diffs[o + MEAN] = mean;
        diffs[o + M2]! += delta * (d - mean);
        if (d < diffs[o + MIN]!) diffs[o + MIN] = d;
        if (d > diffs[o + MAX]!) diffs[o + MAX] = d;
        // d·direction > 0 means scheme s did better than the baseline.
        const signed = d * DIRECTION[m]!;
        if (signed > 0) better[pair + m]! += 1;
        else if (signed < 0) worse[pair + m]! += 1;
      }
    }
  }
}

/**
 * Aggregates a shard of outcome rows (worker side). `values` is laid out
 * `[(t · S + s) · METRIC_COUNT + metric]` and `status` `[t · S + s]` for trial offsets
 * t = 0 … n − 1 (global trials first … first + n − 1), S schemes, scheme 0 the
 * baseline of the paired comparisons. Every value enters the summaries, censored ones
 * too (with the horizon-capped values the model reports), so that the schemes stay
 * paired; `censored` says how many are lower bounds.
 *
 * @throws when `first` is not a multiple of BLOCK_TRIALS, the arrays do not match
 *   n and S, or a value is NaN or infinite.
 */
export function aggregateShard(
  values: Float64Array,
  status: Uint8Array,
  first: number,
  n: number,
  schemes: number,
  allocate: Float64Allocator = plainFloat64,
): ShardAggregate {
  if (!Number.isSafeInteger(first) || first < 0 || first % BLOCK_TRIALS !== 0) {
    throw new RangeError(`aggregateShard: first must be a multiple of ${BLOCK_TRIALS}, got ${first}`);
  }
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`aggregateShard: n must be ≥ 1, got ${n}`);
  if (!Number.isInteger(schemes) || schemes < 1) {
    throw new RangeError(`aggregateShard: schemes must be ≥ 1, got ${schemes}`);
  }
  if (values.length !== n * schemes * M) {
    throw new RangeError(`aggregateShard: values has ${values.length} entries, expected ${n * schemes * M}`);
  }
  if (status.length !== n * schemes) {
    throw new RangeError(`aggregateShard: status has ${status.length} entries, expected ${n * schemes}`);
  }

  const S = schemes;
  const D = S - 1;
  const blocks = Math.ceil(n / BLOCK_TRIALS);
  const at = shardLayout(S, blocks);
  const headLength = at.sketchCounts;
  if (scratchHead.length < headLength) scratchHead = new Float64Array(headLength);
  if (scratchSketch.length < S * M * NB) scratchSketch = new Float64Array(S * M * NB);
  const head = scratchHead;
  const sketch = scratchSketch;
  head.fill(0, 0, headLength);
  const moments = head.subarray(at.blockMoments, at.blockCensored);
  const censored = head.subarray(at.blockCensored, at.diffMoments);
  const diffs = head.subarray(at.diffMoments, at.better);
  const better = head.subarray(at.better, at.worse);
  const worse = head.subarray(at.worse, at.sketchRanges);
  resetMoments(moments, 0, blocks * S * M);
  resetMoments(diffs, 0, blocks * D * M);

  for (let b = 0; b < blocks; b++) {
    const tStart = b * BLOCK_TRIALS;
    accumulateBlock(values, status, b, tStart, Math.min(n, tStart + BLOCK_TRIALS), S, moments, censored, diffs, better, worse, sketch);
  }

  // A NaN or ±∞ value leaves a non-finite mean or M2 in its slot: detect it once here
  // rather than testing every value.
  for (let slot = 0; slot < blocks * S * M; slot++) {
    const o = slot * SLOT;
    if (!Number.isFinite(moments[o + MEAN]) || !Number.isFinite(moments[o + M2])) {
      sketch.fill(0, 0, S * M * NB);
      const b = Math.floor(slot / (S * M));
      const s = Math.floor(slot / M) % S;
      throw new RangeError(
        `aggregateShard: non-finite ${METRICS[slot % M]} for scheme ${s} in trials ` +
          `${first + b * BLOCK_TRIALS} … ${first + Math.min(n, (b + 1) * BLOCK_TRIALS) - 1}`,
      );
    }
  }

  // The log buckets a sketch used lie between those of its min and max value; trim the
  // empty ones at both ends (integer metrics leave long empty runs).
  const ranges = head.subarray(at.sketchRanges, at.sketchCounts);
  let countsLength = 0;
  for (let k = 0; k < S * M; k++) {
    let min = Infinity;
    let max = -Infinity;
    for (let b = 0; b < blocks; b++) {
      const o = (b * S * M + k) * SLOT;
      if (moments[o + MIN] < min) min = moments[o + MIN];
      if (moments[o + MAX] > max) max = moments[o + MAX];
    }
    const base = k * NB;
    let lo = Math.max(1, bucketIndex(min));
    let hi = bucketIndex(max) + 1;
    while (lo < hi && sketch[base + lo] === 0) lo++;
    while (hi > lo && sketch[base + hi - 1] === 0) hi--;
    ranges[SPARSE_HEAD * k] = sketch[base];
    ranges[SPARSE_HEAD * k + 1] = lo;
    ranges[SPARSE_HEAD * k + 2] = hi;
    sketch[base] = 0;
    countsLength += hi - lo;
  }

  const quantileNodes = rankSketchShard(values, S, M, first / BLOCK_TRIALS, n);
  const data = allocate(headLength + countsLength + quantileNodes.length);
  data.set(head.subarray(0, headLength));
  data[0] = SHARD_MAGIC;
  data[1] = FORMAT_VERSION;
  data[2] = first;
  data[3] = n;
  data[4] = S;
  data[5] = M;
  data[6] = NB;
  data[7] = countsLength;
  let out = headLength;
  for (let k = 0; k < S * M; k++) {
    const from = k * NB + ranges[SPARSE_HEAD * k + 1];
    const to = k * NB + ranges[SPARSE_HEAD * k + 2];
    data.set(sketch.subarray(from, to), out);
    sketch.fill(0, from, to);
    out += to - from;
  }
  data.set(quantileNodes, out);
  return shardAggregateFromData(data);
}

/** Adds sparse sketches (triples zero count, lo, hi + concatenated counts) to a bank. */
function addSparseSketches(bank: Float64Array, ranges: Float64Array, counts: Float64Array): void {
  let at = 0;
  for (let k = 0; k < ranges.length / SPARSE_HEAD; k++) {
    const base = k * NB;
    const lo = ranges[SPARSE_HEAD * k + 1];
    const hi = ranges[SPARSE_HEAD * k + 2];
    if (!(lo >= 1 && hi <= NB && lo <= hi) || at + hi - lo > counts.length) {
      throw new Error(`sketch ${k}: bad bucket range [${lo}, ${hi})`);
    }
    bank[base] += ranges[SPARSE_HEAD * k];
    for (let i = lo; i < hi; i++) bank[base + i] += counts[at++];
  }
}

// ---------------------------------------------------------------------------------
// The campaign aggregator (coordinator)
// ---------------------------------------------------------------------------------

/** Quantiles of the summary, in column order. */
export const SUMMARY_QUANTILES = [0.05, 0.5, 0.9, 0.95, 0.99, 0.999] as const;

/**
 * summary.arrow columns (SPEC §6), one row per scheme × metric, schemes in scenario
 * order and metrics in METRICS order. Keys are the Arrow column names, in order.
 * Counts are exact integers in float64. Statistics of fewer than the values they need
 * are NaN (stdev and CI need n ≥ 2).
 */
export interface SummaryColumns {
  scheme: string[];
  metric: string[];
  /** Trials summarised, censored ones included (with the horizon-capped values). */
  count: Float64Array;
  /** Of those, trials censored at the horizon (their values are lower bounds). */
  censored: Float64Array;
  mean: Float64Array;
  stdev: Float64Array;
  ci95_low: Float64Array;
  ci95_high: Float64Array;
  min: Float64Array;
  p05: Float64Array;
  p50: Float64Array;
  p90: Float64Array;
  p95: Float64Array;
  p99: Float64Array;
  p999: Float64Array;
  max: Float64Array;
}

/**
 * histograms.arrow columns: for each scheme × metric, the [0, 10⁻⁶) bin when values fell
 * in it, then every sketch bucket from the first to the last non-empty one (empty ones
 * in between included), as [bin_low, bin_high). Edges come from the bucket index only.
 */
export interface HistogramColumns {
  scheme: string[];
  metric: string[];
  bin_low: Float64Array;
  bin_high: Float64Array;
  count: Float64Array;
}

/**
 * comparison.arrow columns: one row per scheme s ≥ 1 × metric, paired against scheme 0
 * on the same trials. mean_diff and its CI are of x_s − x_0; p_better / p_worse are the
 * fractions of trials where s is better / worse than the baseline (ties are neither),
 * NaN for metrics without a direction (`cuts`).
 */
export interface ComparisonColumns {
  scheme: string[];
  baseline: string[];
  metric: string[];
  mean_diff: Float64Array;
  ci95_low: Float64Array;
  ci95_high: Float64Array;
  p_better: Float64Array;
  p_worse: Float64Array;
}

export interface CampaignResult {
  /** Trials merged into these columns (all of them once `complete`). */
  readonly trials: number;
  readonly summary: SummaryColumns;
  readonly histograms: HistogramColumns;
  readonly comparison: ComparisonColumns;
  /**
   * What each summary quantile is known to (rank-sketch.ts `resolution`), in the value's
   * unit: row r of the summary, quantile j of SUMMARY_QUANTILES at r·6 + j. For display.
   */
  readonly quantileResolution: Float64Array;
}

export interface CampaignAggregatorOptions {
  /** Scheme ids in scenario order; the first is the comparison baseline. */
  readonly schemes: readonly string[];
  /** Trials of the whole campaign. */
  readonly trials: number;
}

/**
 * Merges shard aggregates into campaign summaries (coordinator side).
 *
 * Shards may arrive in any order. A shard is merged when every block before it has
 * been; until then it waits in a buffer. Memory is the fixed state (S·M moments
 * slots, (S − 1)·M paired slots, S·M sketches of SKETCH_BUCKETS doubles) plus the
 * buffered shards, each a few kB per block plus its sparse sketches; it does not grow
 * with the trial count. Bounding the out-of-order window (e.g. not dispatching a shard
 * more than k shards beyond the oldest unfinished one) is the coordinator's job.
 *
 * Resume: `serialize()` captures the merged state and the buffered shards in one
 * Float64Array and `CampaignAggregator.deserialize` restores it; merging then goes on
 * bit-identically. Re-feeding the kept shard aggregates (`ShardAggregate.data`) to a
 * fresh aggregator gives the same result too. Merging two aggregators is deliberately
 * not offered: it would regroup the floating-point sums (use the shard aggregates).
 */
export class CampaignAggregator {
  readonly schemes: readonly string[];
  readonly trials: number;
  private readonly moments: Float64Array;
  private readonly diffs: Float64Array;
  private readonly censored: Float64Array;
  private readonly better: Float64Array;
  private readonly worse: Float64Array;
  private readonly sketches: Float64Array;
  private ranks: RankSketchFrontier;
  private nextBlock = 0;
  private merged = 0;
  /** Out-of-order shards by first block. */
  private readonly pending = new Map<number, ShardAggregate>();

  constructor(options: CampaignAggregatorOptions) {
    const S = options.schemes.length;
    if (S < 1) throw new RangeError('CampaignAggregator: schemes must not be empty');
    if (!Number.isSafeInteger(options.trials) || options.trials < 1) {
      throw new RangeError(`CampaignAggregator: trials must be a positive integer, got ${options.trials}`);
    }
    this.schemes = [...options.schemes];
    this.trials = options.trials;
    this.moments = createMomentsBank(S * M);
    this.diffs = createMomentsBank((S - 1) * M);
    this.censored = new Float64Array(S);
    this.better = new Float64Array((S - 1) * M);
    this.worse = new Float64Array((S - 1) * M);
    this.sketches = createSketchBank(S * M);
    this.ranks = new RankSketchFrontier(S * M);
  }

  /** Trials merged so far (a prefix 0 … trialsMerged − 1 of the campaign). */
  get trialsMerged(): number {
    return this.merged;
  }

  /** Shards received but waiting for a predecessor. */
  get pendingShards(): number {
    return this.pending.size;
  }

  /** True once every trial of the campaign is merged. */
  get complete(): boolean {
    return this.merged === this.trials;
  }

  /**
   * Adds a shard aggregate (or its `data`), in any order.
   * @throws on a shard of another scheme count, not aligned to blocks, past the
   *   campaign's end, ending inside a block that is not the last, or overlapping
   *   trials already added.
   */
  add(shard: ShardAggregate | Float64Array): void {
    const agg = shard instanceof Float64Array ? shardAggregateFromData(shard) : shard;
    const S = this.schemes.length;
    const where = `shard [${agg.first}, ${agg.first + agg.n})`;
    if (agg.schemes !== S) throw new Error(`CampaignAggregator: ${where} has ${agg.schemes} schemes, expected ${S}`);
    if (agg.first % BLOCK_TRIALS !== 0) {
      throw new Error(`CampaignAggregator: ${where} does not start at a multiple of ${BLOCK_TRIALS}`);
    }
    if (agg.first + agg.n > this.trials) {
      throw new Error(`CampaignAggregator: ${where} goes past the campaign's ${this.trials} trials`);
    }
    if (agg.n % BLOCK_TRIALS !== 0 && agg.first + agg.n !== this.trials) {
      throw new Error(`CampaignAggregator: ${where} ends inside a block that is not the campaign's last`);
    }
    const firstBlock = agg.first / BLOCK_TRIALS;
    if (firstBlock < this.nextBlock) throw new Error(`CampaignAggregator: ${where} overlaps merged trials`);
    for (const [block, other] of this.pending) {
      if (firstBlock < block + other.blocks && block < firstBlock + agg.blocks) {
        throw new Error(`CampaignAggregator: ${where} overlaps pending shard [${other.first}, ${other.first + other.n})`);
      }
    }
    if (firstBlock !== this.nextBlock) {
      this.pending.set(firstBlock, agg);
      return;
    }
    this.merge(agg);
    for (let next = this.pending.get(this.nextBlock); next; next = this.pending.get(this.nextBlock)) {
      this.pending.delete(this.nextBlock);
      this.merge(next);
    }
  }

  private merge(agg: ShardAggregate): void {
    const S = this.schemes.length;
    const D = S - 1;
    for (let b = 0; b < agg.blocks; b++) {
      momentsMergeBank(this.moments, agg.blockMoments, S * M, 0, b * S * M);
      momentsMergeBank(this.diffs, agg.diffMoments, D * M, 0, b * D * M);
      for (let s = 0; s < S; s++) this.censored[s] += agg.blockCensored[b * S + s];
    }
    for (let i = 0; i < D * M; i++) {
      this.better[i] += agg.better[i];
      this.worse[i] += agg.worse[i];
    }
    addSparseSketches(this.sketches, agg.sketchRanges, agg.sketchCounts);
    this.ranks.add(agg.quantileNodes);
    this.nextBlock += agg.blocks;
    this.merged += agg.n;
  }

  /** The summary, histogram and comparison columns of the trials merged so far. */
  result(): CampaignResult {
    return {
      trials: this.merged,
      summary: this.summary(),
      histograms: this.histograms(),
      comparison: this.comparison(),
      quantileResolution: this.quantileResolution(),
    };
  }

  private quantileResolution(): Float64Array {
    const rows = this.schemes.length * M;
    const Q = SUMMARY_QUANTILES.length;
    const out = new Float64Array(rows * Q);
    for (let k = 0; k < rows; k++) {
      const n = this.moments[k * SLOT + COUNT];
      this.ranks.resolution(k, SUMMARY_QUANTILES, n, momentsMin(this.moments, k), momentsMax(this.moments, k), out, k * Q);
    }
    return out;
  }

  private summary(): SummaryColumns {
    const S = this.schemes.length;
    const rows = S * M;
    const col = () => new Float64Array(rows);
    const c: SummaryColumns = {
      scheme: [],
      metric: [],
      count: col(),
      censored: col(),
      mean: col(),
      stdev: col(),
      ci95_low: col(),
      ci95_high: col(),
      min: col(),
      p05: col(),
      p50: col(),
      p90: col(),
      p95: col(),
      p99: col(),
      p999: col(),
      max: col(),
    };
    const q = new Float64Array(SUMMARY_QUANTILES.length);
    for (let s = 0; s < S; s++) {
      for (let m = 0; m < M; m++) {
        const k = s * M + m;
        const n = this.moments[k * SLOT + COUNT];
        const mean = momentsMean(this.moments, k);
        const stdev = momentsStdev(this.moments, k);
        const min = momentsMin(this.moments, k);
        const max = momentsMax(this.moments, k);
        const [low, high] = ci95(mean, stdev, n);
        this.ranks.quantiles(k, SUMMARY_QUANTILES, n, min, max, q);
        c.scheme.push(this.schemes[s]);
        c.metric.push(METRICS[m]);
        c.count[k] = n;
        c.censored[k] = this.censored[s];
        c.mean[k] = mean;
        c.stdev[k] = stdev;
        c.ci95_low[k] = low;
        c.ci95_high[k] = high;
        c.min[k] = min;
        c.p05[k] = q[0];
        c.p50[k] = q[1];
        c.p90[k] = q[2];
        c.p95[k] = q[3];
        c.p99[k] = q[4];
        c.p999[k] = q[5];
        c.max[k] = max;
      }
    }
    return c;
  }

  private histograms(): HistogramColumns {
    const S = this.schemes.length;
    // First pass sizes the columns, second fills them.
    const first = new Int32Array(S * M);
    const last = new Int32Array(S * M);
    let rows = 0;
    for (let k = 0; k < S * M; k++) {
      const base = k * NB;
      let lo = 1;
      while (lo < NB && this.sketches[base + lo] === 0) lo++;
      let hi = NB - 1;
      while (hi >= lo && this.sketches[base + hi] === 0) hi--;
      first[k] = lo;
      last[k] = hi;
      rows += (this.sketches[base] > 0 ? 1 : 0) + (hi >= lo ? hi - lo + 1 : 0);
    }
    const c: HistogramColumns = {
      scheme: new Array<string>(rows),
      metric: new Array<string>(rows),
      bin_low: new Float64Array(rows),
      bin_high: new Float64Array(rows),
      count: new Float64Array(rows),
    };
    let r = 0;
    const put = (k: number, bucket: number): void => {
      c.scheme[r] = this.schemes[Math.floor(k / M)];
      c.metric[r] = METRICS[k % M];
      c.bin_low[r] = bucketLow(bucket);
      c.bin_high[r] = bucketHigh(bucket);
      c.count[r] = this.sketches[k * NB + bucket];
      r++;
    };
    for (let k = 0; k < S * M; k++) {
      if (this.sketches[k * NB] > 0) put(k, 0);
      for (let i = first[k]; i <= last[k]; i++) put(k, i);
    }
    return c;
  }

  private comparison(): ComparisonColumns {
    const S = this.schemes.length;
    const rows = (S - 1) * M;
    const c: ComparisonColumns = {
      scheme: [],
      baseline: [],
      metric: [],
      mean_diff: new Float64Array(rows),
      ci95_low: new Float64Array(rows),
      ci95_high: new Float64Array(rows),
      p_better: new Float64Array(rows),
      p_worse: new Float64Array(rows),
    };
    for (let s = 1; s < S; s++) {
      for (let m = 0; m < M; m++) {
        const k = (s - 1) * M + m;
        const n = this.diffs[k * SLOT + COUNT];
        const mean = momentsMean(this.diffs, k);
        const [low, high] = ci95(mean, momentsStdev(this.diffs, k), n);
        const directed = DIRECTION[m] !== 0 && n > 0;
        c.scheme.push(this.schemes[s]);
        c.baseline.push(this.schemes[0]);
        c.metric.push(METRICS[m]);
        c.mean_diff[k] = mean;
        c.ci95_low[k] = low;
        c.ci95_high[k] = high;
        c.p_better[k] = directed ? this.better[k] / n : NaN;
        c.p_worse[k] = directed ? this.worse[k] / n : NaN;
      }
    }
    return c;
  }

  /**
   * The whole state in one Float64Array, for resume. Layout: header [magic, version,
   * S, M, NB, trials, nextBlock, merged, pending count], moments (S·M slots), paired
   * moments ((S − 1)·M slots), censored (S), better and worse ((S − 1)·M each), the
   * sketches sparse as in a ShardAggregate (S·M triples: zero-bucket count, lo, hi of
   * the non-empty log buckets; then the counts of those ranges), the rank-sketch
   * frontier as its length followed by its nodes (rank-sketch.ts), then each pending
   * shard as its length followed by its `data`.
   */
  serialize(): Float64Array {
    const S = this.schemes.length;
    const ranges = new Float64Array(S * M * SPARSE_HEAD);
    for (let k = 0; k < S * M; k++) {
      const base = k * NB;
      let lo = 1;
      while (lo < NB && this.sketches[base + lo] === 0) lo++;
      let hi = NB;
      while (hi > lo && this.sketches[base + hi - 1] === 0) hi--;
      ranges[SPARSE_HEAD * k] = this.sketches[base];
      ranges[SPARSE_HEAD * k + 1] = lo;
      ranges[SPARSE_HEAD * k + 2] = hi;
    }
    const pending = [...this.pending.values()].sort((a, b) => a.first - b.first);
    const parts: ArrayLike<number>[] = [
      [CAMPAIGN_MAGIC, FORMAT_VERSION, S, M, NB, this.trials, this.nextBlock, this.merged, pending.length],
      this.moments,
      this.diffs,
      this.censored,
      this.better,
      this.worse,
      ranges,
    ];
    for (let k = 0; k < S * M; k++) {
      const base = k * NB;
      parts.push(this.sketches.subarray(base + ranges[SPARSE_HEAD * k + 1], base + ranges[SPARSE_HEAD * k + 2]));
    }
    const ranks = this.ranks.serialize();
    parts.push([ranks.length], ranks);
    for (const p of pending) parts.push([p.data.length], p.data);
    const out = new Float64Array(parts.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /**
   * Restores an aggregator saved by `serialize()`.
   * @throws when the data is not such a state or was made for another scheme count,
   *   trial count or format.
   */
  static deserialize(data: Float64Array, options: CampaignAggregatorOptions): CampaignAggregator {
    const agg = new CampaignAggregator(options);
    const S = agg.schemes.length;
    if (data.length < CAMPAIGN_HEADER || data[0] !== CAMPAIGN_MAGIC) {
      throw new Error('CampaignAggregator.deserialize: not a scale-across aggregator state');
    }
    const expected = [CAMPAIGN_MAGIC, FORMAT_VERSION, S, M, NB, agg.trials];
    const names = ['magic', 'format version', 'schemes', 'metrics', 'sketch buckets', 'trials'];
    for (let i = 0; i < expected.length; i++) {
      if (data[i] !== expected[i]) {
        throw new Error(`CampaignAggregator.deserialize: ${names[i]} is ${data[i]}, expected ${expected[i]}`);
      }
    }
    agg.nextBlock = data[6];
    agg.merged = data[7];
    const pendingCount = data[8];
    let at = CAMPAIGN_HEADER;
    const take = (target: Float64Array): void => {
      if (at + target.length > data.length) throw new Error('CampaignAggregator.deserialize: truncated state');
      target.set(data.subarray(at, at + target.length));
      at += target.length;
    };
    take(agg.moments);
    take(agg.diffs);
    take(agg.censored);
    take(agg.better);
    take(agg.worse);
    const ranges = new Float64Array(S * M * SPARSE_HEAD);
    take(ranges);
    let countsLength = 0;
    for (let k = 0; k < S * M; k++) countsLength += ranges[SPARSE_HEAD * k + 2] - ranges[SPARSE_HEAD * k + 1];
    if (at + countsLength > data.length) throw new Error('CampaignAggregator.deserialize: truncated state');
    addSparseSketches(agg.sketches, ranges, data.subarray(at, at + countsLength));
    at += countsLength;
    const ranksLength = data[at++];
    if (!(at + ranksLength <= data.length)) throw new Error('CampaignAggregator.deserialize: truncated state');
    agg.ranks = RankSketchFrontier.deserialize(data.subarray(at, at + ranksLength), S * M);
    at += ranksLength;
    for (let i = 0; i < pendingCount; i++) {
      const length = data[at++];
      if (!(at + length <= data.length)) throw new Error('CampaignAggregator.deserialize: truncated state');
      // Copy, so the restored aggregator does not pin the whole state buffer.
      const shard = shardAggregateFromData(data.slice(at, at + length));
      at += length;
      agg.pending.set(shard.first / BLOCK_TRIALS, shard);
    }
    if (at !== data.length) throw new Error('CampaignAggregator.deserialize: trailing data');
    return agg;
  }
}
