/**
 * `optimize.json`: what `optimize` found, machine-readable, for the report and for
 * scripts: every grid point with its standard error, the quadratic fitted in ln τ
 * through the last stage (its coefficients, to draw the curve), the best interval with
 * its CI, and Daly's and Young's intervals. Times in hours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';

export const OPTIMIZE_FILE = 'optimize.json';

export interface OptimizePoint {
  readonly stage: number;
  readonly interval_h: number;
  readonly mean_jct_h: number;
  readonly se_h: number;
}

export interface OptimizeResult {
  readonly param: string;
  readonly scheme: string;
  readonly trials: number;
  readonly best: number;
  /** [NaN, NaN] (null in the file) when the fit was not convex inside the grid. */
  readonly best_ci: readonly [number | null, number | null];
  readonly fitted: boolean;
  /** mean JCT ≈ a + b·ln τ + c·(ln τ)², fitted through the last stage's points; null if not fitted. */
  readonly fit_coefficients: readonly [number, number, number] | null;
  readonly daly: number;
  readonly young: number;
  readonly mtbf_h: number;
  readonly points: readonly OptimizePoint[];
  /** The folder, relative to this file's, holding the last stage's result files. */
  readonly results_dir: string;
}

export function writeOptimizeResult(outDir: string, result: OptimizeResult): void {
  writeFileAtomic(join(outDir, OPTIMIZE_FILE), `${JSON.stringify(result, null, 2)}\n`);
}

export function readOptimizeResult(outDir: string): OptimizeResult {
  return JSON.parse(readFileSync(join(outDir, OPTIMIZE_FILE), 'utf8')) as OptimizeResult;
}
