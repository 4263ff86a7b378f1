/**
 * Splits a campaign's trials into shards: contiguous trial ranges that start on an
 * aggregation block boundary (BLOCK_TRIALS), so that how a campaign is sharded never
 * changes its numbers (SPEC §4). The size only trades scheduling overhead against
 * load balance and progress granularity: about 16 shards per worker (the last shard to
 * finish idles the other workers for at most ≈ 1/16 of the run), between one block
 * and 64 blocks.
 */
import { BLOCK_TRIALS } from '../stats/block-aggregator.js';

export type TrialRange = readonly [first: number, count: number];

export const MAX_SHARD_TRIALS = 64 * BLOCK_TRIALS;

export function defaultShardTrials(trials: number, workers: number): number {
  const blocks = Math.ceil(trials / (workers * 16) / BLOCK_TRIALS);
  return Math.min(MAX_SHARD_TRIALS, Math.max(1, blocks) * BLOCK_TRIALS);
}

/** The ranges of [0, trials) not in `done`, cut into shards of at most `shardTrials`. */
export function planShards(trials: number, shardTrials: number, done: readonly TrialRange[] = []): TrialRange[] {
  if (shardTrials % BLOCK_TRIALS !== 0) throw new Error(`shard size must be a multiple of ${BLOCK_TRIALS}`);
  const covered = [...done].sort((a, b) => a[0] - b[0]);
  const plan: TrialRange[] = [];
  let next = 0;
  const fill = (end: number) => {
    for (let first = next; first < end; first += shardTrials) plan.push([first, Math.min(shardTrials, end - first)]);
  };
  for (const [first, count] of covered) {
    fill(first);
    next = Math.max(next, first + count);
  }
  fill(trials);
  return plan;
}
