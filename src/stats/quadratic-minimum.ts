/**
 * The minimum of a quadratic fitted through noisy, correlated means, with a confidence
 * interval by the delta method. Used by `optimize`: the means of JCT at a grid of
 * checkpoint intervals, all on the same trials (so their errors are correlated — the
 * covariance comes from the paired differences).
 *
 * Ordinary least squares y = a + b·x + c·x²: β = A·y with A = (XᵀX)⁻¹Xᵀ, so
 * Cov(β) = A Σ Aᵀ for the covariance Σ of the means. The minimum x* = −b / 2c has the
 * gradient g = (0, −1/2c, b/2c²), Var(x*) ≈ gᵀ Cov(β) g.
 */
import { normalQuantile } from './normal-quantile.js';

export interface QuadraticMinimum {
  /** x at the minimum; NaN when the fit is not convex. */
  readonly x: number;
  readonly se: number;
  readonly ci95: readonly [number, number];
  readonly coefficients: readonly [number, number, number];
}

function invert3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m as [[number, number, number], [number, number, number], [number, number, number]];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-300) throw new Error('singular fit: the grid needs at least 3 distinct points');
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

export function quadraticMinimum(x: readonly number[], y: readonly number[], covariance: readonly (readonly number[])[]): QuadraticMinimum {
  const n = x.length;
  const X = x.map((xi) => [1, xi, xi * xi]);
  const XtX = [0, 1, 2].map((r) => [0, 1, 2].map((c) => X.reduce((s, row) => s + row[r]! * row[c]!, 0)));
  const inv = invert3(XtX);
  // A = (XᵀX)⁻¹ Xᵀ: 3 × n
  const A = [0, 1, 2].map((r) => X.map((row) => inv[r]![0]! * row[0]! + inv[r]![1]! * row[1]! + inv[r]![2]! * row[2]!));
  const beta = A.map((ar) => ar.reduce((s, a, i) => s + a * y[i]!, 0)) as [number, number, number];
  const [, b, c] = beta;
  if (!(c > 0)) return { x: NaN, se: NaN, ci95: [NaN, NaN], coefficients: beta };
  const xStar = -b / (2 * c);
  const g = [0, -1 / (2 * c), b / (2 * c * c)];
  // Cov(β) = A Σ Aᵀ, then gᵀ Cov(β) g = (Aᵀg)ᵀ Σ (Aᵀg).
  const w = Array.from({ length: n }, (_, i) => g.reduce((s, gr, r) => s + gr * A[r]![i]!, 0));
  let variance = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) variance += w[i]! * covariance[i]![j]! * w[j]!;
  const se = Math.sqrt(Math.max(0, variance));
  const z = normalQuantile(0.975);
  return { x: xStar, se, ci95: [xStar - z * se, xStar + z * se], coefficients: beta };
}
