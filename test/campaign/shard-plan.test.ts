import { describe, expect, it } from 'vitest';
import { defaultShardTrials, MAX_SHARD_ROW_BYTES, MAX_SHARD_TRIALS, planShards, type TrialRange } from '../../src/campaign/shard-plan.js';
import { BLOCK_TRIALS } from '../../src/stats/block-aggregator.js';

/** Every trial of [0, trials) outside `done` exactly once, shards block-aligned. */
function expectCover(plan: readonly TrialRange[], trials: number, done: readonly TrialRange[] = []): void {
  const seen = new Uint8Array(trials);
  for (const [first, count] of done) seen.fill(1, first, first + count);
  for (const [first, count] of plan) {
    expect(first % BLOCK_TRIALS).toBe(0);
    expect(count).toBeGreaterThan(0);
    for (let t = first; t < first + count; t++) {
      expect(seen[t]).toBe(0);
      seen[t] = 1;
    }
  }
  expect(seen.every((x) => x === 1)).toBe(true);
}

describe('shard plan', () => {
  it('default size: about 16 shards per worker, between one and 64 blocks', () => {
    expect(defaultShardTrials(409_600, 2)).toBe(13 * BLOCK_TRIALS);
    expect(defaultShardTrials(100, 8)).toBe(BLOCK_TRIALS);
    expect(defaultShardTrials(1e9, 2)).toBe(MAX_SHARD_TRIALS);
  });

  it('with per-trial rows, at most MAX_SHARD_ROW_BYTES of them, one block at least', () => {
    // 129 bytes a trial (one scheme): 2 MiB / 129 / 1024 = 15.9 → 15 blocks.
    expect(MAX_SHARD_ROW_BYTES).toBe(2 * 1024 * 1024);
    expect(defaultShardTrials(1e9, 2, 129)).toBe(15 * BLOCK_TRIALS);
    expect(defaultShardTrials(1e9, 2, 15 * 129)).toBe(BLOCK_TRIALS);
    expect(defaultShardTrials(1e9, 2, 1e7)).toBe(BLOCK_TRIALS);
    // Below the cap the trial count decides, as without rows.
    expect(defaultShardTrials(409_600, 2, 129)).toBe(13 * BLOCK_TRIALS);
    expect(defaultShardTrials(100, 8, 129)).toBe(BLOCK_TRIALS);
  });

  it('an explicit size cuts equal shards', () => {
    const plan = planShards(10 * BLOCK_TRIALS + 7, 3 * BLOCK_TRIALS);
    expect(plan.map(([, c]) => c)).toEqual([3 * BLOCK_TRIALS, 3 * BLOCK_TRIALS, 3 * BLOCK_TRIALS, BLOCK_TRIALS + 7]);
    expectCover(plan, 10 * BLOCK_TRIALS + 7);
  });

  it('guided: full shards first, then each takes 1/(2·workers) of what remains, down to one block', () => {
    const trials = 409_600;
    const size = defaultShardTrials(trials, 2);
    const plan = planShards(trials, size, [], 2);
    expectCover(plan, trials);
    const counts = plan.map(([, c]) => c);
    // Sizes never grow, start at the default and end at one block.
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]!);
    expect(counts[0]).toBe(size);
    expect(counts.at(-1)).toBeLessThanOrEqual(BLOCK_TRIALS);
    // The full shards cover all but about the last two shards per worker.
    const full = counts.filter((c) => c === size).length;
    expect(full * size).toBeGreaterThanOrEqual(trials - 2 * 2 * size - size);
    // A shard that is not full is 1/4 of what remained before it (rounded up to blocks).
    let remaining = trials;
    for (const c of counts) {
      if (c < size && remaining > BLOCK_TRIALS) expect(c).toBe(Math.max(BLOCK_TRIALS, Math.ceil(remaining / 4 / BLOCK_TRIALS) * BLOCK_TRIALS));
      remaining -= c;
    }
  });

  it('resume: plans only what is missing, guided or not', () => {
    const trials = 50 * BLOCK_TRIALS + 100;
    const done: TrialRange[] = [
      [10 * BLOCK_TRIALS, 5 * BLOCK_TRIALS],
      [0, 2 * BLOCK_TRIALS],
      [40 * BLOCK_TRIALS, 10 * BLOCK_TRIALS + 100],
    ];
    for (const workers of [0, 1, 2, 8]) {
      const plan = planShards(trials, 4 * BLOCK_TRIALS, done, workers);
      expectCover(plan, trials, done);
    }
    expect(planShards(trials, 4 * BLOCK_TRIALS, [[0, trials]], 2)).toEqual([]);
  });
});
