/**
 * Paired differences of one metric between the variants of a sweep, on the same
 * trials (common random numbers): for every scheme s and every pair of variants
 * a < b, the moments of x[a, s] − x[b, s]. They give the paired confidence interval of
 * a variant's lead over another (`sweep`) and the covariance of the variants' means
 * (`optimize`: Var(X_a − X_b) = Var X_a + Var X_b − 2 Cov(X_a, X_b)).
 *
 * Deterministic like the summaries (block-aggregator.ts): moments per fixed block of
 * BLOCK_TRIALS trials aligned to the trial index, blocks merged in index order.
 */
import { plainFloat64, type Float64Allocator } from './float64-allocator.js';
import { METRIC_COUNT } from '../model/metrics.js';
import { BLOCK_TRIALS } from './shard-aggregate.js';
import { InOrderBuffer } from './in-order-buffer.js';
import { createMomentsBank, momentsAdd, momentsMerge, momentsCount, momentsMean, momentsVariance, SLOT } from './moments.js';

const HEADER = 5; // first, n, variants, schemes, blocks

/** Pairs (a, b), a < b, in order: (0,1), (0,2), …, (1,2), … */
export function pairIndex(a: number, b: number, variants: number): number {
  return a * variants - (a * (a + 1)) / 2 + (b - a - 1);
}

export function pairCount(variants: number): number {
  return (variants * (variants - 1)) / 2;
}

/**
 * Worker side. `values[v]` holds variant v's outcome rows of the shard
 * (`[(t · S + s) · METRIC_COUNT + metric]`), `weights[v]` its trials' likelihood-ratio
 * weights: the moments are of w_a·x_a − w_b·x_b, whose mean is the unbiased estimate
 * of the difference of the means (x_a − x_b when every weight is 1).
 */
export function aggregateVariantPairs(
  values: readonly Float64Array[],
  weights: readonly Float64Array[],
  first: number,
  n: number,
  schemes: number,
  metric: number,
  allocate: Float64Allocator = plainFloat64,
): Float64Array {
  const V = values.length;
  const P = pairCount(V);
  const blocks = Math.ceil(n / BLOCK_TRIALS);
  const slotsPerBlock = schemes * P;
  const out = allocate(HEADER + blocks * slotsPerBlock * SLOT);
  out.set([first, n, V, schemes, blocks]);
  const bank = out.subarray(HEADER);
  bank.set(createMomentsBank(blocks * slotsPerBlock));
  for (let t = 0; t < n; t++) {
    const base = Math.floor(t / BLOCK_TRIALS) * slotsPerBlock;
    for (let s = 0; s < schemes; s++) {
      const o = (t * schemes + s) * METRIC_COUNT + metric;
      for (let a = 0; a < V; a++) {
        const xa = weights[a]![t]! * values[a]![o]!;
        for (let b = a + 1; b < V; b++) momentsAdd(bank, base + s * P + pairIndex(a, b, V), xa - weights[b]![t]! * values[b]![o]!);
      }
    }
  }
  return out;
}

export interface PairDifference {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

/** Coordinator side: merges shard results block by block in trial order. */
export class VariantPairsAggregator {
  private readonly bank: Float64Array;
  private readonly pending = new InOrderBuffer<Float64Array>((shard) => {
    const blocks = shard[4]!;
    const slots = this.schemes * this.pairs;
    const bank = shard.subarray(HEADER);
    for (let b = 0; b < blocks; b++) for (let k = 0; k < slots; k++) momentsMerge(this.bank, k, bank, b * slots + k);
  });
  private readonly pairs: number;

  constructor(
    readonly variants: number,
    readonly schemes: number,
  ) {
    this.pairs = pairCount(variants);
    this.bank = createMomentsBank(schemes * this.pairs);
  }

  /** A shard's result (any order; merged in trial order). */
  add(shard: Float64Array): void {
    this.pending.offer(shard[0]!, shard[1]!, shard);
  }

  /** Passes over trials that will never come (a partial merge); `first` must be the next trial. */
  skip(first: number, count: number): void {
    this.pending.skip(first, count);
  }

  difference(scheme: number, a: number, b: number): PairDifference {
    if (a === b) return { n: momentsCount(this.bank, scheme * this.pairs), mean: 0, variance: 0 };
    const sign = a < b ? 1 : -1;
    const slot = scheme * this.pairs + pairIndex(Math.min(a, b), Math.max(a, b), this.variants);
    return { n: momentsCount(this.bank, slot), mean: sign * momentsMean(this.bank, slot), variance: momentsVariance(this.bank, slot) };
  }
}
