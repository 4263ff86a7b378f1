/** checkpointCount (job-state.ts): the number of k ≥ 1 with k·τ < W, by arithmetic. */
import { describe, expect, test } from 'vitest';
import { checkpointCount, MAX_CHECKPOINTS } from '../../src/model/job-state.js';

describe('checkpointCount', () => {
  test('small cases, counted by hand', () => {
    expect(checkpointCount(10, 2)).toBe(4); // 2, 4, 6, 8 (10 is the end, not a checkpoint)
    expect(checkpointCount(10, 3)).toBe(3); // 3, 6, 9
    expect(checkpointCount(10, 10)).toBe(0);
    expect(checkpointCount(10, 20)).toBe(0);
    expect(checkpointCount(720, 0.1)).toBe(7199); // 0.1 · 7200 rounds to 720: the end
    expect(checkpointCount(1, 1 / 3)).toBe(2);
  });
  test('against counting, for intervals that do not divide W', () => {
    for (const [w, tau] of [[720, 0.7], [30 * 24, 6 / 60], [500, 2], [1e6, 0.3]] as const) {
      let k = 0;
      while ((k + 1) * tau < w * (1 - 1e-12)) k++;
      expect(checkpointCount(w, tau)).toBe(k);
    }
  });
  test('an interval of 1e-15 h returns at once, clamped (it used to count past 2^53)', () => {
    expect(checkpointCount(720, 1e-15)).toBe(MAX_CHECKPOINTS);
    expect(checkpointCount(720, Number.MIN_VALUE)).toBe(MAX_CHECKPOINTS);
  });
});
