/**
 * Student's t distribution: upper tail and quantile, to near double precision.
 *
 * Tail: P(T > t) = ½ · I_x(ν/2, ½) with x = ν / (ν + t²) for t ≥ 0, where I is the
 * regularized incomplete beta function, evaluated by its continued fraction (modified
 * Lentz, as in Numerical Recipes §6.4) with ln Γ from simple-statistics (Lanczos,
 * ~1e-15).
 *
 * Quantile: closed forms for ν = 1 (Cauchy) and ν = 2; for 2 < ν ≤ 1000, Newton's method
 * on the tail, safeguarded by bisection, from the Cornish–Fisher start below; for
 * ν > 1000, the Cornish–Fisher expansion of t in powers of 1/ν around the normal
 * quantile z (Abramowitz & Stegun 26.7.5), whose first omitted term is below 1e-15 there.
 */
import { gammaln } from 'simple-statistics';

import { normalQuantile } from './normal-quantile.js';

const NEWTON_MAX_DF = 1000;

/**
 * P(T > t) for T ~ Student's t with ν degrees of freedom (ν > 0, real). Relative
 * accuracy ~1e-14 up to ν = 1000; beyond, the ln Γ differences lose about ν·1e-16
 * (the quantile does not use this path there).
 */
export function tUpperTail(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t < 0) return 1 - tUpperTail(-t, df);
  if (t === Infinity) return 0;
  const t2 = t * t;
  // x and 1 − x each computed directly, so neither suffers cancellation.
  return 0.5 * regularizedIncompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}

/** Density of Student's t with ν degrees of freedom. */
export function tDensity(t: number, df: number): number {
  const logC = gammaln((df + 1) / 2) - gammaln(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * The p-quantile of Student's t with ν degrees of freedom (ν ≥ 1, real).
 * @example tQuantile(0.975, 5) // 2.570581835636314 (R: qt(0.975, 5) = 2.570581835636314)
 * @returns NaN for p outside [0, 1] or ν < 1; ±∞ for p = 0 or 1.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df >= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p < 0.5) return -upperQuantile(p, df);
  return upperQuantile(1 - p, df);
}

/** The t ≥ 0 with P(T > t) = tail, for 0 < tail < ½. */
function upperQuantile(tail: number, df: number): number {
  if (df === 1) return Math.tan(Math.PI * (0.5 - tail));
  if (df === 2) return (1 - 2 * tail) / Math.sqrt(2 * tail * (1 - tail));
  const start = cornishFisher(-normalQuantile(tail), df);
  if (df > NEWTON_MAX_DF) return start;
  return newton(tail, df, start);
}

/** A & S 26.7.5: t ≈ z + g₁/ν + g₂/ν² + g₃/ν³ + g₄/ν⁴. */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

function newton(tail: number, df: number, start: number): number {
  // Bracket [lo, hi] with tail(lo) > target > tail(hi); the tail decreases in t.
  let lo = 0;
  let hi = Math.max(start, 1);
  while (tUpperTail(hi, df) > tail) {
    lo = hi;
    hi *= 2;
  }
  let t = start > lo && start < hi ? start : (lo + hi) / 2;
  for (let iter = 0; iter < 200; iter++) {
    const f = tUpperTail(t, df) - tail;
    if (f === 0) return t;
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / tDensity(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * t) return next;
    t = next;
  }
  return t;
}

/**
 * I_x(a, b), the regularized incomplete beta function, given x and 1 − x separately.
 */
function regularizedIncompleteBeta(x: number, oneMinusX: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (oneMinusX <= 0) return 1;
  const logFront =
    gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(oneMinusX);
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); otherwise use
  // the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(oneMinusX, b, a)) / b;
}

/** The continued fraction of I_x(a, b), by the modified Lentz method. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const EPS = 1e-16;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= EPS) break;
  }
  return h;
}
