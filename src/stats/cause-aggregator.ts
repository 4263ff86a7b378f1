/**
 * Mean cuts, network crashes and lost work per cause and scheme (src/model/cause-metrics.ts),
 * aggregated like the summaries (block-aggregator.ts): moments per fixed block of
 * BLOCK_TRIALS trials aligned to the trial index, blocks merged in index order, so the
 * result does not depend on the sharding.
 */
import { BLOCK_TRIALS } from './shard-aggregate.js';
import { InOrderBuffer } from './in-order-buffer.js';
import { ci95 } from './confidence.js';
import { createMomentsBank, momentsAdd, momentsMean, momentsMerge, momentsStdev, momentsCount } from './moments.js';
import { SLOT } from './moments.js';
import { plainFloat64, type Float64Allocator } from './float64-allocator.js';

const HEADER = 4; // first, n, width (values per trial), blocks

/**
 * Worker side: `rows` holds `width` values per trial for trials first … first + n − 1,
 * `weights` their likelihood-ratio weights; the moments are of w·x (their mean is the
 * unbiased estimate under importance sampling, shard-aggregate.ts).
 */
export function aggregateCauseRows(
  rows: Float64Array,
  weights: Float64Array,
  first: number,
  n: number,
  width: number,
  allocate: Float64Allocator = plainFloat64,
): Float64Array {
  const blocks = Math.ceil(n / BLOCK_TRIALS);
  const out = allocate(HEADER + blocks * width * SLOT);
  out.set([first, n, width, blocks]);
  const bank = out.subarray(HEADER);
  bank.set(createMomentsBank(blocks * width));
  for (let t = 0; t < n; t++) {
    const base = Math.floor(t / BLOCK_TRIALS) * width;
    const w = weights[t]!;
    for (let k = 0; k < width; k++) momentsAdd(bank, base + k, w * rows[t * width + k]!);
  }
  return out;
}

export interface CauseEstimate {
  readonly mean: number;
  readonly ci95: readonly [number, number];
}

/** Coordinator side: merges shard results in trial order. */
export class CauseAggregator {
  private readonly bank: Float64Array;
  private readonly pending = new InOrderBuffer<Float64Array>((shard) => {
    const blocks = shard[3]!;
    const bank = shard.subarray(HEADER);
    for (let b = 0; b < blocks; b++) for (let k = 0; k < this.width; k++) momentsMerge(this.bank, k, bank, b * this.width + k);
  });

  constructor(readonly width: number) {
    this.bank = createMomentsBank(width);
  }

  /** A shard's result (any order; merged in trial order). */
  add(shard: Float64Array): void {
    this.pending.offer(shard[0]!, shard[1]!, shard);
  }

  /** Passes over trials that will never come (a partial merge); `first` must be the next trial. */
  skip(first: number, count: number): void {
    this.pending.skip(first, count);
  }

  estimate(k: number): CauseEstimate {
    const mean = momentsMean(this.bank, k);
    return { mean, ci95: ci95(mean, momentsStdev(this.bank, k), momentsCount(this.bank, k)) };
  }
}
