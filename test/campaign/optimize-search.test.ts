/**
 * The three-stage interval search of `optimize`, on means given exactly: a parabola in
 * ln τ with its minimum at τ = 2.5 h (the fit must find it from a start of 1 h), a
 * curve that is not convex (the best grid point is kept), a work that caps the grid,
 * and a measurement that stops the search. The campaigns themselves are checked end to
 * end in optimize.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { intervalGrid, searchInterval, type GridMeans } from '../../src/campaign/optimize-search.js';
import { pairedMeansCovariance } from '../../src/stats/paired-covariance.js';

const exactly = (f: (tau: number) => number) => async (intervals: number[]): Promise<GridMeans> => ({
  intervals,
  means: intervals.map(f),
  se: intervals.map(() => 0.01),
  covariance: intervals.map((_, i) => intervals.map((_, j) => (i === j ? 1e-4 : 0))),
});

describe('searchInterval', () => {
  it('finds the minimum of a parabola in ln τ in three stages of 9 points, the last centred on it', async () => {
    const stages: number[][] = [];
    const search = await searchInterval({
      start: 1,
      work: 1000,
      points: 9,
      measure: async (intervals) => {
        stages.push(intervals);
        return exactly((tau) => 100 + (Math.log(tau) - Math.log(2.5)) ** 2)(intervals);
      },
    });
    expect(search!.fitted).toBe(true);
    expect(search!.best).toBeCloseTo(2.5, 4); // grid points carry 6 significant digits
    expect(search!.bestCi[0]).toBeLessThan(search!.best);
    expect(search!.bestCi[1]).toBeGreaterThan(search!.best);
    // Stage 1: ×4 either side of the start in steps of ×√2; stage 3: ×2^0.2 either side of 2.5 h.
    expect(stages[0]).toEqual([0.25, 0.353553, 0.5, 0.707107, 1, 1.41421, 2, 2.82843, 4]);
    expect(stages[2]![0]).toBeCloseTo(2.5 * 2 ** -0.2, 4);
    expect(stages[2]![8]).toBeCloseTo(2.5 * 2 ** 0.2, 4);
    expect(search!.points.map((p) => p.stage)).toEqual([1, 2, 3].flatMap((s) => Array(9).fill(s)));
  });

  it('keeps the best grid point, with no CI, when the fit is not convex', async () => {
    const search = await searchInterval({ start: 1, work: 1000, points: 5, measure: exactly((tau) => -((Math.log(tau) - 0.1) ** 2)) });
    expect(search!.fitted).toBe(false);
    expect(search!.bestCi.every(Number.isNaN)).toBe(true);
    const last = search!.points.filter((p) => p.stage === 3);
    expect(search!.best).toBe(last.reduce((a, b) => (b.mean_jct_h < a.mean_jct_h ? b : a)).interval_h);
  });

  it('stops when a measurement does', async () => {
    let calls = 0;
    const search = await searchInterval({ start: 1, work: 1000, points: 5, measure: async (i, stage) => (++calls, stage === 2 ? null : exactly((t) => t)(i)) });
    expect(search).toBeNull();
    expect(calls).toBe(2);
  });
});

describe('intervalGrid', () => {
  it('drops intervals at or above the work', () => {
    expect(intervalGrid(1, 1, 5, 2)).toEqual([0.25, 0.5, 1]);
  });
});

describe('pairedMeansCovariance', () => {
  it('Cov = (Var X_i + Var X_j − Var(X_i − X_j)) / 2, over n', () => {
    // Var 4 and 9; Var of the difference 5 ⇒ Cov 4 (by hand), over n = 10 trials.
    expect(pairedMeansCovariance(10, [4, 9], () => 5)).toEqual([
      [0.4, 0.4],
      [0.4, 0.9],
    ]);
  });
});
