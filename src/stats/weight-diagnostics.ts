/**
 * How well importance sampling's biasing worked, from the moments of the trials'
 * likelihood-ratio weights (one moments slot, merged per block in block order like the
 * summaries, so the same whatever the sharding):
 *   - the mean weight and its 95 % CI: E[w] = 1 under the biased law, so a CI that
 *     excludes 1 says the weights (or the biasing) are wrong, or the run too short to
 *     have seen the trials that carry the weight;
 *   - Kish's effective sample size (Σw)² / Σw²: how many unweighted trials the weighted
 *     ones are worth for a mean (n when every weight is equal);
 *   - the largest weight's share of Σw: one trial carrying most of the weight means
 *     every estimate rests on it.
 *
 * Whether importance sampling was on is read from the weights themselves, here and only
 * here: a run is importance-sampled when some weight is not exactly 1 (without it every
 * weight is exactly 1, and a biased law gives a weight of exactly 1 to no trial that
 * sees a cut). The diagnostics are shown and written only then.
 */
import { ci95 } from './confidence.js';
import { COUNT, M2, MAX, MEAN, MIN } from './moments.js';

/** Below this share of the trials, the effective sample size is a warning. */
export const ESS_WARNING_SHARE = 0.01;

export interface WeightDiagnostics {
  /** Some weight is not exactly 1. */
  readonly importanceSampled: boolean;
  readonly trials: number;
  /** Σw. */
  readonly sum: number;
  /** Σw / n, which must be ≈ 1, with its 95 % CI. */
  readonly mean: number;
  readonly ci95: readonly [low: number, high: number];
  /** Kish's effective sample size (Σw)² / Σw². */
  readonly ess: number;
  /** max w / Σw. */
  readonly maxShare: number;
  /** What the figures say is wrong, as sentences for the user (empty when nothing is). */
  readonly warnings: readonly string[];
}

/** The diagnostics of a weights' moments slot (slot 0 of `slot`: count, mean, M2, min, max). */
export function weightDiagnostics(slot: Float64Array): WeightDiagnostics {
  const n = slot[COUNT]!;
  const mean = n > 0 ? slot[MEAN]! : NaN;
  const m2 = slot[M2]!;
  const stdev = n >= 2 ? Math.sqrt(m2 / (n - 1)) : NaN;
  const sum = n * mean;
  // Σw² = Σ(w − mean)² + n·mean² = M2 + n·mean².
  const sumSquares = m2 + n * mean * mean;
  const ess = sumSquares > 0 ? (sum * sum) / sumSquares : NaN;
  const maxShare = sum > 0 ? slot[MAX]! / sum : NaN;
  const ci = ci95(mean, stdev, n);
  const importanceSampled = n > 0 && (slot[MIN] !== 1 || slot[MAX] !== 1);
  const warnings: string[] = [];
  if (importanceSampled) {
    if (!(ess >= ESS_WARNING_SHARE * n)) {
      warnings.push(
        `importance sampling: the effective sample size ${formatCount(ess)} is under ${ESS_WARNING_SHARE * 100} % of the ${n} trials; the biasing is too strong and the estimates rest on few trials`,
      );
    }
    if (!(ci[0] <= 1 && 1 <= ci[1])) {
      warnings.push(
        `importance sampling: the mean weight ${mean.toPrecision(4)} (95 % CI ${ci[0].toPrecision(4)} … ${ci[1].toPrecision(4)}) excludes 1; the estimates are not to be trusted (too few trials for this biasing)`,
      );
    }
  }
  return { importanceSampled, trials: n, sum, mean, ci95: ci, ess, maxShare, warnings };
}

function formatCount(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : String(x);
}
