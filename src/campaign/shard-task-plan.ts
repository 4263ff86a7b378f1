/**
 * A campaign cut into `n` shard tasks for a batch scheduler (a Slurm job array, a
 * Kubernetes Indexed Job, an AWS Batch array job): task `i` runs one contiguous range of
 * whole aggregation blocks, so that how a campaign is cut never changes its numbers
 * (docs/model.md#randomness). The ranges cover the trials exactly once, in order, and
 * differ in size by at most one block. Pure: no I/O.
 */
import { BLOCK_TRIALS } from '../stats/shard-aggregate.js';
import { defaultShardTrials, type TrialRange } from './shard-plan.js';

/** Shard `index` (0-based) of `count` shard tasks. */
export interface ShardTask {
  readonly index: number;
  readonly count: number;
}

/** Bad `--shard`, `--shards` or scheduler index: a message for the user (exit 2). */
export class ShardTaskError extends Error {}

/** Where a task's index comes from, in the order they are looked at. */
export const SHARD_INDEX_VARIABLES = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

/** At most this many shard tasks (the part file names have four digits… and more are never useful). */
export const MAX_SHARD_TASKS = 9999;

function checkCount(count: number, flag: string): void {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARD_TASKS)
    throw new ShardTaskError(`${flag}: the number of shards must be an integer from 1 to ${MAX_SHARD_TASKS}, got ${count}`);
}

/** `--shard i/n`, e.g. `3/16`. */
export function parseShardFlag(text: string): ShardTask {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (m === null) throw new ShardTaskError(`--shard: expected i/n (shard i of n, counted from 0), e.g. 0/16; got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  checkCount(count, '--shard');
  if (index >= count) throw new ShardTaskError(`--shard ${text}: the index must be from 0 to ${count - 1}`);
  return { index, count };
}

/** `--shard-from-env --shards n`: the index from the first scheduler variable that is set. */
export function shardFromEnv(count: number, env: NodeJS.ProcessEnv = process.env): ShardTask & { readonly variable: string } {
  checkCount(count, '--shards');
  const variable = SHARD_INDEX_VARIABLES.find((name) => env[name] !== undefined && env[name] !== '');
  if (variable === undefined)
    throw new ShardTaskError(
      `--shard-from-env: none of ${SHARD_INDEX_VARIABLES.join(', ')} is set; run as a task of a job array, or give the shard with --shard i/${count}`,
    );
  const text = env[variable]!;
  if (!/^\d+$/.test(text.trim()) || Number(text) >= count)
    throw new ShardTaskError(`--shard-from-env: ${variable}=${text} is not a shard index from 0 to ${count - 1} (--shards ${count})`);
  return { index: Number(text), count, variable };
}

/**
 * The trials of shard task `task` in a campaign of `trials` trials: blocks
 * a(i) … a(i+1) − 1 of the campaign's B blocks (the last one may be short), where a(i)
 * is ⌊i·B/n⌋ rounded down to a multiple of `shardTaskAlignment` blocks (a(n) = B).
 * @throws ShardTaskError when there are more tasks than blocks (a task would be empty).
 */
export function shardTaskRange(trials: number, task: ShardTask): TrialRange {
  const blocks = Math.ceil(trials / BLOCK_TRIALS);
  if (task.count > blocks)
    throw new ShardTaskError(
      `${task.count} shards for ${trials} trials: a shard is at least one block of ${BLOCK_TRIALS} trials, so at most ${blocks} shards`,
    );
  const align = shardTaskAlignment(blocks, task.count);
  const boundary = (i: number) => (i === task.count ? blocks : Math.floor(Math.floor((i * blocks) / task.count) / align) * align);
  const from = boundary(task.index) * BLOCK_TRIALS;
  const to = Math.min(trials, boundary(task.index + 1) * BLOCK_TRIALS);
  return [from, to - from];
}

/**
 * The blocks shard-task boundaries are multiples of: the largest power of two at most an
 * eighth of a task's B/n blocks (1 for tasks under 16 blocks). A part's rank-sketch
 * nodes (src/stats/rank-sketch.ts) are the canonical dyadic cover of its blocks, and the
 * merge combines, at every boundary between two parts, the nodes of each level below
 * the boundary's alignment: aligned to 8 blocks, a part of a 10⁸-trial campaign in
 * 1 000 tasks is ≈ 4 nodes instead of 7 and the merge's combining ≈ 40 % less. The price:
 * tasks differ by up to 2·A − 1 blocks (≤ ¼ of a task) instead of one.
 */
export function shardTaskAlignment(blocks: number, count: number): number {
  const eighth = blocks / count / 8;
  let align = 1;
  while (align * 2 <= eighth) align *= 2;
  return align;
}

/**
 * How shard task `range` of a campaign is cut into shards for its own
 * worker pool: what its part file holds, one partial result per shard.
 *
 * Each partial result carries the rank-sketch nodes of its blocks (src/stats/rank-sketch.ts):
 * one node, ≈ 0.6 MB for configs/default.yaml, when its blocks are one aligned dyadic
 * group 2^l·j … 2^l·(j + 1) − 1, up to 2·log₂(blocks) + 1 when not. A task's range starts
 * anywhere, so shards counted from its first trial would be misaligned in every task but
 * the first, and its part two to three times larger — and the merge, which reads and
 * combines every node, as much slower. So every shard here is one such group: from each
 * position, the largest power of two blocks that the position is a multiple of, that
 * fits, and that is not above the wanted size. The wanted size is `shardTrials` (an
 * explicit --shard-size) or the default one, shrinking at the tail as in a local run
 * (shard-plan.ts: guided self-scheduling, so that no worker idles for long at the end).
 */
export function shardTaskQueue(range: TrialRange, workers: number, shardTrials?: number): TrialRange[] {
  const [first, count] = range;
  const end = first + count;
  const endBlock = Math.ceil(end / BLOCK_TRIALS);
  const size = Math.floor((shardTrials ?? defaultShardTrials(count, workers)) / BLOCK_TRIALS);
  const queue: TrialRange[] = [];
  for (let at = first; at < end; ) {
    const block = at / BLOCK_TRIALS;
    let want = size;
    if (shardTrials === undefined) want = Math.min(size, Math.max(1, Math.ceil((end - at) / (2 * workers) / BLOCK_TRIALS)));
    let blocks = 1;
    while (blocks * 2 <= want && block % (blocks * 2) === 0 && block + blocks * 2 <= endBlock) blocks *= 2;
    const n = Math.min(blocks * BLOCK_TRIALS, end - at);
    queue.push([at, n]);
    at += n;
  }
  return queue;
}
