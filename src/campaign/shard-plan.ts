/**
 * Splits a campaign's trials into shards: contiguous trial ranges that start on an
 * aggregation block boundary (BLOCK_TRIALS), so that how a campaign is sharded never
 * changes its numbers (docs/model.md#randomness). The size only trades scheduling overhead against
 * load balance and progress granularity: about 16 shards per worker, between one block
 * and 64 blocks. A shard that brings its per-trial rows back (a full run) is also held to
 * MAX_SHARD_ROW_BYTES of rows: the coordinator holds a bounded number of shards, so this
 * bounds its memory by a figure that no longer grows with the campaign's trial count
 * once that count passes a few hundred thousand.
 *
 * The default plan also shrinks its last shards (guided self-scheduling): once fewer
 * than two full shards per worker remain, each new shard takes 1/(2·workers) of the
 * trials still to plan, in whole blocks. Equal shards would leave the other workers idle
 * for up to one whole shard (≈ 1/16 of a run) while the last one finishes; shrinking
 * ones bring that down to about one block.
 */
import { BLOCK_TRIALS } from '../stats/shard-aggregate.js';

export type TrialRange = readonly [first: number, count: number];

export const MAX_SHARD_TRIALS = 64 * BLOCK_TRIALS;

/** Per-trial rows (outcomes, status codes, weights) a shard may bring back: ≈ 16 blocks of a one-scheme scenario. */
export const MAX_SHARD_ROW_BYTES = 2 << 20;

/**
 * The default shard size for `trials` trials on `workers` workers; `rowBytesPerTrial`
 * (0 with --summary-only) caps it at MAX_SHARD_ROW_BYTES of rows, one block at least.
 */
export function defaultShardTrials(trials: number, workers: number, rowBytesPerTrial = 0): number {
  const blocks = Math.ceil(trials / (workers * 16) / BLOCK_TRIALS);
  const rowCap = rowBytesPerTrial > 0 ? Math.max(1, Math.floor(MAX_SHARD_ROW_BYTES / rowBytesPerTrial / BLOCK_TRIALS)) * BLOCK_TRIALS : MAX_SHARD_TRIALS;
  return Math.min(MAX_SHARD_TRIALS, rowCap, Math.max(1, blocks) * BLOCK_TRIALS);
}

/**
 * The ranges of [0, trials) not in `done`, cut into shards of at most `shardTrials`.
 * With `guidedWorkers` > 0 the tail shrinks as described above; without, every shard
 * but the last of a range has exactly `shardTrials` (an explicit --shard-size).
 */
export function planShards(trials: number, shardTrials: number, done: readonly TrialRange[] = [], guidedWorkers = 0): TrialRange[] {
  if (shardTrials % BLOCK_TRIALS !== 0) throw new Error(`shard size must be a multiple of ${BLOCK_TRIALS}`);
  const covered = [...done].sort((a, b) => a[0] - b[0]);
  const gaps: TrialRange[] = [];
  let next = 0;
  for (const [first, count] of covered) {
    if (first > next) gaps.push([next, first - next]);
    next = Math.max(next, first + count);
  }
  if (trials > next) gaps.push([next, trials - next]);

  let remaining = gaps.reduce((n, [, count]) => n + count, 0);
  const plan: TrialRange[] = [];
  for (const [start, length] of gaps) {
    const end = start + length;
    for (let first = start; first < end; ) {
      let size = shardTrials;
      if (guidedWorkers > 0) {
        const share = Math.ceil(remaining / (2 * guidedWorkers) / BLOCK_TRIALS) * BLOCK_TRIALS;
        size = Math.min(shardTrials, Math.max(BLOCK_TRIALS, share));
      }
      const count = Math.min(size, end - first);
      plan.push([first, count]);
      first += count;
      remaining -= count;
    }
  }
  return plan;
}
