/**
 * The quadratic fit behind `optimize`, against fits computed by hand. On x = −2 … 2:
 * Σx = Σx³ = 0, Σx² = 10, Σx⁴ = 34, so (XᵀX)⁻¹ has Var(b) = σ²/10, Var(c) = σ²·5/70,
 * Cov(b, c) = 0. For y = 1 + x/2 + 2x² the minimum is x* = −b/2c = −1/8, its gradient
 * g = (0, −1/2c, b/2c²) = (0, −1/4, 1/16), and with Σ = I
 *   Var(x*) = (1/4)²·(1/10) + (1/16)²·(5/70) = 1/160 + 1/3584.
 */
import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/stats/normal-quantile.js';
import { quadraticMinimum } from '../../src/stats/quadratic-minimum.js';

const X = [-2, -1, 0, 1, 2];
const identity = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? scale : 0)));

describe('quadraticMinimum', () => {
  it('recovers an exact quadratic, its minimum, and the delta-method SE computed by hand', () => {
    const fit = quadraticMinimum(X, X.map((x) => 1 + x / 2 + 2 * x * x), identity(5));
    fit.coefficients.forEach((c, i) => expect(c).toBeCloseTo([1, 0.5, 2][i]!, 12));
    expect(fit.x).toBeCloseTo(-1 / 8, 12);
    const se = Math.sqrt(1 / 160 + 1 / 3584);
    expect(fit.se).toBeCloseTo(se, 12);
    const z = normalQuantile(0.975);
    expect(fit.ci95[0]).toBeCloseTo(-1 / 8 - z * se, 12);
    expect(fit.ci95[1]).toBeCloseTo(-1 / 8 + z * se, 12);
  });

  it('fits noisy points by least squares: residuals orthogonal to 1, x and x²', () => {
    const y = [9.1, 3.2, 0.8, 3.9, 8.7];
    const [a, b, c] = quadraticMinimum(X, y, identity(5)).coefficients;
    const residual = X.map((x, i) => y[i]! - (a + b * x + c * x * x));
    for (const power of [0, 1, 2]) expect(residual.reduce((s, r, i) => s + r * X[i]! ** power, 0)).toBeCloseTo(0, 10);
  });

  it('an error shared by every mean (common random numbers) adds nothing to the SE; independent errors scale it', () => {
    const y = X.map((x) => 1 + x / 2 + 2 * x * x);
    const base = quadraticMinimum(X, y, identity(5)).se;
    const shared = identity(5).map((row) => row.map((v) => v + 5)); // Σ = I + 5·11ᵀ
    expect(quadraticMinimum(X, y, shared).se).toBeCloseTo(base, 12);
    expect(quadraticMinimum(X, y, identity(5, 4)).se).toBeCloseTo(2 * base, 12);
  });

  it('a fit that is not convex has no minimum (NaN)', () => {
    const fit = quadraticMinimum(X, X.map((x) => 3 - x * x), identity(5));
    expect(fit.coefficients[2]).toBeCloseTo(-1, 12);
    expect(fit.x).toBeNaN();
    expect(fit.se).toBeNaN();
  });

  it('needs three distinct points', () => {
    expect(() => quadraticMinimum([1, 1, 2, 2], [1, 1, 2, 2], identity(4))).toThrow(/singular fit/);
  });
});
