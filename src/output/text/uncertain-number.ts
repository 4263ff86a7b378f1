/**
 * Numbers shown only as precisely as they are known.
 *
 * A mean with a 95 % confidence interval of half-width u: u keeps one or two
 * significant digits by the Particle Data Group's rule (two when its three leading
 * digits are 100–354, else one; 950–999 rounds up to two digits of the next power of
 * ten) and the mean is rounded to the same decimal place (Particle Data Group, Review
 * of Particle Physics, "Rounding"). 809.0163 ± 0.0412 → 809.02 ± 0.04;
 * 88.7093 ± 0.0162 → 88.709 ± 0.016; 3.0123 ± 0.61 → 3.0 ± 0.6.
 *
 * A quantile known to ± r (what the sketch resolves): rounded to r's first significant
 * digit.
 */
import { trim } from './table.js';

/**
 * Decimal places that show u by the rule above (negative: round to tens, hundreds …).
 * NaN when u is not a positive finite number.
 */
export function decimalsFor(u: number): number {
  if (!(u > 0) || !Number.isFinite(u)) return NaN;
  const e = Math.floor(Math.log10(u));
  const lead = Math.round(u / 10 ** (e - 2)); // three leading digits, 100 … 1000
  return lead <= 354 ? 1 - e : -e;
}

/** x rounded to `decimals` places (negative: to tens …), without a "-0". */
export function fixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (decimals >= 0) {
    const s = x.toFixed(Math.min(decimals, 20));
    return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
  }
  const unit = 10 ** -decimals;
  return String(Math.round(x / unit) * unit + 0);
}

/**
 * A mean and the half-width of its 95 % CI, both rounded by the rule above. When u is
 * 0 (every trial the same) the mean is exact: up to 6 significant digits; when u is
 * undefined (fewer than two trials), 4.
 */
export function meanWithCi(mean: number, halfWidth: number): { mean: string; ci: string } {
  const decimals = decimalsFor(halfWidth);
  if (Number.isNaN(decimals)) {
    return { mean: trim(mean, halfWidth === 0 ? 6 : 4), ci: halfWidth === 0 ? '0' : '' };
  }
  return { mean: fixed(mean, decimals), ci: fixed(halfWidth, decimals) };
}

/** A mean rounded to what its CI half-width supports (`meanWithCi` without the ±). */
export function meanOnly(mean: number, halfWidth: number): string {
  return meanWithCi(mean, halfWidth).mean;
}

/** A quantile known to ± resolution, rounded to the resolution's first digit (6 significant digits when exact). */
export function resolved(x: number, resolution: number): string {
  if (!(resolution > 0) || !Number.isFinite(resolution)) return trim(x, 6);
  return fixed(x, -Math.floor(Math.log10(resolution)));
}
