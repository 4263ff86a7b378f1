/**
 * The search behind `optimize`: the checkpoint interval that minimises mean JCT, by
 * simulation. Three stages of grids in ln τ, each centred where the last one says the
 * minimum is: ×4 either side of the start (Daly's estimate; grid steps of ×2 find the
 * valley), then ×√2 and ×2^0.2 around the previous estimate. A quadratic fits the last,
 * narrow grid well (the curve is asymmetric on a wide one, which would bias the fitted
 * minimum); its minimum and confidence interval come from src/stats/quadratic-minimum.ts.
 *
 * The search does not run campaigns itself: `measure` does (the command runs one campaign
 * per stage, every interval on the same trials), so the search is checked on its own.
 */
import { quadraticMinimum } from '../stats/quadratic-minimum.js';

/** Mean JCT at each interval of a grid, with the covariance of those means. */
export interface GridMeans {
  readonly intervals: readonly number[];
  readonly means: readonly number[];
  readonly se: readonly number[];
  readonly covariance: readonly (readonly number[])[];
}

export interface SearchPoint {
  readonly stage: number;
  readonly interval_h: number;
  readonly mean_jct_h: number;
  readonly se_h: number;
}

export interface IntervalSearch {
  readonly best: number;
  /** The fit's 95 % CI of the best interval; NaNs when the fit was not used. */
  readonly bestCi: readonly [number, number];
  /** True when the last stage's quadratic was convex with its minimum inside the grid. */
  readonly fitted: boolean;
  readonly points: readonly SearchPoint[];
  /** The last stage's quadratic in ln τ, when it was used (`fitted`); else null. */
  readonly fitCoefficients: readonly [number, number, number] | null;
  /** How many grid stages ran (the last one's campaign is the one kept). */
  readonly stages: number;
}

export interface SearchOptions {
  /** The first grid's centre, hours. */
  readonly start: number;
  /** Intervals ≥ the job's work are dropped from the grids. */
  readonly work: number;
  /** Points per stage. */
  readonly points: number;
  /** Measures a grid (stage 1, 2, 3); null stops the search. */
  readonly measure: (intervals: number[], stage: number) => Promise<GridMeans | null>;
}

/** Half-widths of the three stages' grids, in log₂ τ. */
const HALF_WIDTHS = [2, 0.5, 0.2];

/** `points` intervals spaced evenly in ln τ around `centre`, `step` apart in log₂, below `work`. */
export function intervalGrid(centre: number, step: number, points: number, work: number): number[] {
  const half = (points - 1) / 2;
  const grid = Array.from({ length: points }, (_, k) => Number((centre * 2 ** ((k - half) * step)).toPrecision(6)));
  return [...new Set(grid.filter((h) => h < work))];
}

/** Runs the three stages; null when `measure` stopped it. */
export async function searchInterval(o: SearchOptions): Promise<IntervalSearch | null> {
  const stages: GridMeans[] = [];
  let centre = o.start;
  let fit: ReturnType<typeof quadraticMinimum> | null = null;
  let inside = false;
  for (const [i, halfWidth] of HALF_WIDTHS.entries()) {
    const stage = await o.measure(intervalGrid(centre, halfWidth / ((o.points - 1) / 2), o.points, o.work), i + 1);
    if (stage === null) return null;
    stages.push(stage);
    fit = quadraticMinimum(stage.intervals.map(Math.log), stage.means, stage.covariance);
    inside = Number.isFinite(fit.x) && fit.x >= Math.log(stage.intervals[0]!) && fit.x <= Math.log(stage.intervals.at(-1)!);
    centre = inside ? Math.exp(fit.x) : stage.intervals[stage.means.indexOf(Math.min(...stage.means))]!;
  }
  const bestCi: [number, number] = inside && fit ? [Math.exp(fit.ci95[0]), Math.exp(fit.ci95[1])] : [NaN, NaN];
  const points = stages.flatMap((stage, i) =>
    stage.intervals.map((h, k) => ({ stage: i + 1, interval_h: h, mean_jct_h: stage.means[k]!, se_h: stage.se[k]! })),
  );
  return { best: centre, bestCi, fitted: inside, points, fitCoefficients: inside && fit ? fit.coefficients : null, stages: stages.length };
}
