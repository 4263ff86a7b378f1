/**
 * Confidence intervals for a mean.
 */
import { tQuantile } from './student-t.js';

let cachedDf = NaN;
let cachedT = NaN;

/**
 * Two-sided 95 % confidence interval of the mean of n values with sample standard
 * deviation `stdev`: mean ± t₀.₉₇₅,ₙ₋₁ · stdev / √n.
 *
 * Student's t is used for every n, not only small ones: beyond n − 1 = 1000 its quantile
 * comes from the Cornish–Fisher series around the normal quantile (see student-t.ts),
 * which tends to Φ⁻¹(0.975) = 1.959964 smoothly instead of jumping by 0.1 % at a cut-off.
 *
 * @example ci95(10, 2, 6) // [7.901…, 12.098…] (t₀.₉₇₅,₅ = 2.5706)
 * @returns [NaN, NaN] when n < 2 or mean / stdev is not finite.
 */
export function ci95(mean: number, stdev: number, n: number): [low: number, high: number] {
  if (!(n >= 2) || !Number.isFinite(mean) || !Number.isFinite(stdev)) return [NaN, NaN];
  const half = t975(n - 1) * (stdev / Math.sqrt(n));
  return [mean - half, mean + half];
}

/** t₀.₉₇₅ for df degrees of freedom; the last one is cached (summaries share one n). */
function t975(df: number): number {
  if (df !== cachedDf) {
    cachedT = tQuantile(0.975, df);
    cachedDf = df;
  }
  return cachedT;
}
