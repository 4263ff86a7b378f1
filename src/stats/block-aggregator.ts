/**
 * The coordinator side of the block aggregation (shard-aggregate.ts): shard aggregates,
 * in any order, merged strictly in block order (Chan et al.) into a campaign's summary,
 * histogram and comparison columns (column types declared with their writers in
 * src/output), and the merged state saved and restored for resume.
 */
import { METRICS, METRIC_COUNT } from '../model/metrics.js';
import type { ComparisonColumns } from '../output/comparison-writer.js';
import type { HistogramColumns } from '../output/histograms-writer.js';
import type { SummaryColumns } from '../output/summary-writer.js';
import { ci95 } from './confidence.js';
import { InOrderBuffer } from './in-order-buffer.js';
import { SKETCH_BUCKETS, bucketHigh, bucketLow, createSketchBank } from './log-sketch.js';
import { weightDiagnostics, type WeightDiagnostics } from './weight-diagnostics.js';
import {
  COUNT,
  MEAN,
  SLOT,
  createMomentsBank,
  momentsMax,
  momentsMean,
  momentsMergeBank,
  momentsMin,
  momentsStdev,
} from './moments.js';
import { RankSketchFrontier } from './rank-sketch.js';
import {
  BLOCK_TRIALS,
  DIRECTION,
  FORMAT_VERSION,
  SPARSE_HEAD,
  addSparseSketches,
  shardAggregateFromData,
  sparseSketches,
  type ShardAggregate,
} from './shard-aggregate.js';

export { BLOCK_TRIALS, shardAggregateFromData, type ShardAggregate } from './shard-aggregate.js';
export { aggregateShard } from './shard-accumulator.js';
export type { ComparisonColumns, HistogramColumns, SummaryColumns };

const M = METRIC_COUNT;
const NB = SKETCH_BUCKETS;
const CAMPAIGN_MAGIC = 0x5ca1ac; // "scale-across campaign"
const CAMPAIGN_HEADER = 9;

/** Quantiles of the summary, in column order. */
export const SUMMARY_QUANTILES = [0.05, 0.5, 0.9, 0.95, 0.99, 0.999] as const;

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
  /** The likelihood-ratio weights of the trials merged (importance sampling's diagnostics). */
  readonly weights: WeightDiagnostics;
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
  private readonly weights: Float64Array;
  private readonly censored: Float64Array;
  private readonly better: Float64Array;
  private readonly worse: Float64Array;
  private readonly sketches: Float64Array;
  private ranks: RankSketchFrontier;
  private nextBlock = 0;
  private merged = 0;
  /** Out-of-order shards, held until their turn. */
  private pending = new InOrderBuffer<ShardAggregate>((agg) => this.merge(agg));

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
    this.weights = createMomentsBank(1);
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
    return this.pending.waiting;
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
    this.pending.offer(agg.first, agg.n, agg);
  }

  /** Passes over whole blocks of trials that will never come (a partial merge); `first` must be the next trial. */
  skip(first: number, count: number): void {
    // Before the buffer releases the shards waiting behind the gap: they start after it.
    this.ranks.skip(Math.ceil(count / BLOCK_TRIALS));
    this.pending.skip(first, count);
    this.nextBlock += Math.ceil(count / BLOCK_TRIALS);
  }

  private merge(agg: ShardAggregate): void {
    const S = this.schemes.length;
    const D = S - 1;
    for (let b = 0; b < agg.blocks; b++) {
      momentsMergeBank(this.moments, agg.blockMoments, S * M, 0, b * S * M);
      momentsMergeBank(this.weights, agg.blockWeights, 1, 0, b);
      momentsMergeBank(this.diffs, agg.diffMoments, D * M, 0, b * D * M);
      for (let s = 0; s < S; s++) this.censored[s] += agg.blockCensored[b * S + s];
      for (let i = 0; i < D * M; i++) {
        this.better[i] += agg.better[b * D * M + i];
        this.worse[i] += agg.worse[b * D * M + i];
      }
    }
    addSparseSketches(this.sketches, agg.sketchRanges, agg.sketchCounts, S * M);
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
      weights: weightDiagnostics(this.weights),
    };
  }

  /** Sum of the weights merged so far (the trial count when every weight is 1). */
  private weightSum(): number {
    return this.weights[COUNT] * this.weights[MEAN];
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
        (c.scheme as string[]).push(this.schemes[s]!);
        (c.metric as string[]).push(METRICS[m]!);
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
      (c.scheme as string[])[r] = this.schemes[Math.floor(k / M)]!;
      (c.metric as string[])[r] = METRICS[k % M]!;
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
        // Shares of the weighted trials (self-normalised: Σw, not n, below).
        const total = this.weightSum();
        (c.scheme as string[]).push(this.schemes[s]!);
        (c.baseline as string[]).push(this.schemes[0]!);
        (c.metric as string[]).push(METRICS[m]!);
        c.mean_diff[k] = mean;
        c.ci95_low[k] = low;
        c.ci95_high[k] = high;
        c.p_better[k] = directed ? this.better[k] / total : NaN;
        c.p_worse[k] = directed ? this.worse[k] / total : NaN;
      }
    }
    return c;
  }

  /**
   * The whole state in one Float64Array, for resume. Layout: header [magic, version,
   * S, M, NB, trials, nextBlock, merged, pending count], moments (S·M slots), the
   * weights' moments (1 slot), paired moments ((S − 1)·M slots), censored (S), better
   * and worse ((S − 1)·M each), the sketches sparse as in a ShardAggregate (S·M triples: zero-bucket count, lo, hi of
   * the non-empty log buckets; then the counts of those ranges), the rank-sketch
   * frontier as its length followed by its nodes (rank-sketch.ts), then each pending
   * shard as its length followed by its `data`.
   */
  serialize(): Float64Array {
    const S = this.schemes.length;
    const { ranges, counts } = sparseSketches(this.sketches, S * M);
    const pending = this.pending.heldItems();
    const parts: ArrayLike<number>[] = [
      [CAMPAIGN_MAGIC, FORMAT_VERSION, S, M, NB, this.trials, this.nextBlock, this.merged, pending.length],
      this.moments,
      this.weights,
      this.diffs,
      this.censored,
      this.better,
      this.worse,
      ranges,
      counts,
    ];
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
    agg.pending = new InOrderBuffer<ShardAggregate>((shard) => agg.merge(shard), agg.merged);
    const pendingCount = data[8];
    let at = CAMPAIGN_HEADER;
    const take = (target: Float64Array): void => {
      if (at + target.length > data.length) throw new Error('CampaignAggregator.deserialize: truncated state');
      target.set(data.subarray(at, at + target.length));
      at += target.length;
    };
    take(agg.moments);
    take(agg.weights);
    take(agg.diffs);
    take(agg.censored);
    take(agg.better);
    take(agg.worse);
    const ranges = new Float64Array(S * M * SPARSE_HEAD);
    take(ranges);
    let countsLength = 0;
    for (let k = 0; k < S * M; k++) countsLength += ranges[SPARSE_HEAD * k + 2] - ranges[SPARSE_HEAD * k + 1];
    if (at + countsLength > data.length) throw new Error('CampaignAggregator.deserialize: truncated state');
    addSparseSketches(agg.sketches, ranges, data.subarray(at, at + countsLength), S * M);
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
      agg.pending.offer(shard.first, shard.n, shard);
    }
    if (at !== data.length) throw new Error('CampaignAggregator.deserialize: trailing data');
    return agg;
  }
}
