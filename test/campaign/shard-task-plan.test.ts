import { describe, expect, test } from 'vitest';
import { parseShardFlag, shardFromEnv, shardTaskAlignment, shardTaskQueue, shardTaskRange, ShardTaskError } from '../../src/campaign/shard-task-plan.js';
import { defaultShardTrials, planShards } from '../../src/campaign/shard-plan.js';
import { BLOCK_TRIALS } from '../../src/stats/shard-aggregate.js';

describe('shardTaskRange', () => {
  test.each([
    [1, 1],
    [5000, 3],
    [16 * BLOCK_TRIALS, 16],
    [16 * BLOCK_TRIALS + 7, 16],
    [1_000_000, 7],
    [100 * BLOCK_TRIALS, 1],
    [100_000_000, 1000],
  ])('%i trials in %i shards: cover every trial once, in order, whole blocks, boundaries aligned, sizes within 2·align − 1 blocks', (trials, n) => {
    const ranges = Array.from({ length: n }, (_, index) => shardTaskRange(trials, { index, count: n }));
    let next = 0;
    for (const [first, count] of ranges) {
      expect(first).toBe(next);
      expect(first % BLOCK_TRIALS).toBe(0);
      expect(count).toBeGreaterThan(0);
      next = first + count;
      if (next !== trials) expect(count % BLOCK_TRIALS).toBe(0);
    }
    expect(next).toBe(trials);
    const blocks = ranges.map(([, c]) => Math.ceil(c / BLOCK_TRIALS));
    const align = shardTaskAlignment(Math.ceil(trials / BLOCK_TRIALS), n);
    expect(align).toBeLessThanOrEqual(Math.max(1, Math.ceil(trials / BLOCK_TRIALS) / n / 8));
    for (const [first] of ranges) expect((first / BLOCK_TRIALS) % align).toBe(0);
    expect(Math.max(...blocks) - Math.min(...blocks)).toBeLessThanOrEqual(2 * align - 1);
  });

  test('10⁸ trials in 1 000 tasks: boundaries on multiples of 8 blocks, tasks of 90–105 blocks', () => {
    // 97 657 blocks, 97.7 a task: an eighth is 12.2, so 8.
    expect(shardTaskAlignment(97_657, 1000)).toBe(8);
    const sizes = Array.from({ length: 1000 }, (_, index) => shardTaskRange(100_000_000, { index, count: 1000 })[1] / BLOCK_TRIALS);
    expect(Math.min(...sizes.slice(0, -1))).toBeGreaterThanOrEqual(90);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(105);
    expect(shardTaskAlignment(15, 1)).toBe(1);
    expect(shardTaskAlignment(16, 1)).toBe(2);
  });

  test('hand-computed: 5000 trials (5 blocks) in 3 shards = blocks 0 | 1–2 | 3–4', () => {
    expect([0, 1, 2].map((index) => shardTaskRange(5000, { index, count: 3 }))).toEqual([
      [0, 1024],
      [1024, 2048],
      [3072, 1928],
    ]);
  });

  test('more shards than blocks is refused, naming the limit', () => {
    expect(() => shardTaskRange(5000, { index: 0, count: 6 })).toThrow(ShardTaskError);
    expect(() => shardTaskRange(5000, { index: 0, count: 6 })).toThrow(/at most 5 shards/);
    expect(shardTaskRange(5000, { index: 4, count: 5 })).toEqual([4096, 904]);
  });
});

describe('--shard and --shard-from-env', () => {
  test('i/n parsed; out of range or malformed refused', () => {
    expect(parseShardFlag('3/16')).toEqual({ index: 3, count: 16 });
    expect(() => parseShardFlag('16/16')).toThrow(/from 0 to 15/);
    expect(() => parseShardFlag('3')).toThrow(/expected i\/n/);
    expect(() => parseShardFlag('0/0')).toThrow(/from 1 to/);
  });

  test('the index from the first scheduler variable set; none or out of range refused', () => {
    expect(shardFromEnv(4, { SLURM_ARRAY_TASK_ID: '2' }).index).toBe(2);
    expect(shardFromEnv(4, { JOB_COMPLETION_INDEX: '3' })).toMatchObject({ index: 3, variable: 'JOB_COMPLETION_INDEX' });
    expect(shardFromEnv(4, { AWS_BATCH_JOB_ARRAY_INDEX: '0' }).index).toBe(0);
    expect(() => shardFromEnv(4, {})).toThrow(/SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX/);
    expect(() => shardFromEnv(4, { JOB_COMPLETION_INDEX: '4' })).toThrow(/JOB_COMPLETION_INDEX=4 is not a shard index from 0 to 3/);
    expect(() => shardFromEnv(4, { SLURM_ARRAY_TASK_ID: 'x' })).toThrow(ShardTaskError);
  });
});

/** Rank-sketch nodes a shard ships: its blocks' canonical dyadic cover (src/stats/rank-sketch.ts). */
function dyadicPieces(first: number, count: number): number {
  let b = first / BLOCK_TRIALS;
  const end = Math.ceil((first + count) / BLOCK_TRIALS);
  let pieces = 0;
  while (b < end) {
    let size = 1;
    while (b % (size * 2) === 0 && b + size * 2 <= end) size *= 2;
    b += size;
    pieces++;
  }
  return pieces;
}

describe('shardTaskQueue: the shards of one task, each one rank-sketch node', () => {
  const B = BLOCK_TRIALS;

  test('hand-computed: blocks 5–20 in shards of at most 4 blocks = 5 | 6–7 | 8–11 | 12–15 | 16–19 | 20', () => {
    expect(shardTaskQueue([5 * B, 16 * B], 1, 4 * B)).toEqual([
      [5 * B, B],
      [6 * B, 2 * B],
      [8 * B, 4 * B],
      [12 * B, 4 * B],
      [16 * B, 4 * B],
      [20 * B, B],
    ]);
  });

  test.each([
    [100_000_000, 1000, 1, 2],
    [100_000_000, 1000, 537, 4],
    [100_000_000, 16, 5, 4],
    [16 * B + 7, 3, 2, 2],
    [5000, 3, 1, 1],
  ])('%i trials, task %i → index %i, %i workers: covers the task once, each shard one node, few shards', (trials, n, index, workers) => {
    const range = shardTaskRange(trials, { index, count: n });
    const queue = shardTaskQueue(range, workers);
    let next = range[0];
    for (const [first, count] of queue) {
      expect(first).toBe(next);
      expect(dyadicPieces(first, count)).toBe(1);
      next = first + count;
    }
    expect(next).toBe(range[0] + range[1]);
    // No more shards than the local run's plan of the same trials, plus the aligning
    // pieces (at most two per power of two at the ends).
    const plan = planShards(range[0] + range[1], defaultShardTrials(range[1], workers), [[0, range[0]]], workers);
    expect(queue.length).toBeLessThanOrEqual(plan.length + 2 * Math.log2(range[1] / B + 1) + 2);
  });
});
