/**
 * Repair-time distributions (docs/model.md#scenario): drawing, mean and survival function.
 * The draws are coded as (kind, a, b) numbers so the network timeline can keep them in
 * typed arrays and sample without touching objects.
 */
import { errorFunction } from 'simple-statistics';
import type { RandomStream } from './random-stream.js';
import type { Hours, RepairDistribution } from './scenario.js';

export const REPAIR_FIXED = 0;
export const REPAIR_EXPONENTIAL = 1;
export const REPAIR_LOGNORMAL = 2;
export const REPAIR_WEIBULL = 3;

/** (kind, a, b): fixed (value, –), exponential (mean, –), lognormal (ln median, σ), weibull (scale, 1/shape). */
export interface RepairCode {
  readonly kind: number;
  readonly a: number;
  readonly b: number;
}

export function encodeRepair(d: RepairDistribution): RepairCode {
  switch (d.kind) {
    case 'fixed':
      return { kind: REPAIR_FIXED, a: d.value, b: 0 };
    case 'exponential':
      return { kind: REPAIR_EXPONENTIAL, a: d.mean, b: 0 };
    case 'lognormal':
      return { kind: REPAIR_LOGNORMAL, a: Math.log(d.median), b: d.sigma };
    case 'weibull':
      return { kind: REPAIR_WEIBULL, a: d.scale, b: 1 / d.shape };
  }
}

export function drawRepair(kind: number, a: number, b: number, rng: RandomStream): Hours {
  switch (kind) {
    case REPAIR_FIXED:
      return a;
    case REPAIR_EXPONENTIAL:
      return rng.exponential(a);
    case REPAIR_LOGNORMAL:
      return Math.exp(a + b * rng.normal());
    default:
      return a * Math.pow(-Math.log(1 - rng.uniform()), b);
  }
}

/** Lanczos approximation of Γ(x) for x > 0 (g = 7, n = 9; ≈ 15 significant digits). */
function gamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  x -= 1;
  let sum = c[0]!;
  for (let i = 1; i < g + 2; i++) sum += c[i]! / (x + i);
  const t = x + g + 0.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * sum;
}

/** Mean repair time (MTTR). */
export function meanRepair(d: RepairDistribution): Hours {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'exponential':
      return d.mean;
    case 'lognormal':
      return d.median * Math.exp((d.sigma * d.sigma) / 2);
    case 'weibull':
      return d.scale * gamma(1 + 1 / d.shape);
  }
}

/** P(repair time ≥ x): the chance that an outage outlasts x (e.g. the collective timeout). */
export function repairSurvival(d: RepairDistribution, x: Hours): number {
  if (x <= 0) return 1;
  switch (d.kind) {
    case 'fixed':
      return d.value >= x ? 1 : 0;
    case 'exponential':
      return Math.exp(-x / d.mean);
    case 'lognormal': {
      if (d.sigma === 0) return d.median >= x ? 1 : 0;
      const z = (Math.log(x) - Math.log(d.median)) / d.sigma;
      return 0.5 * (1 - errorFunction(z / Math.SQRT2));
    }
    case 'weibull':
      return Math.exp(-Math.pow(x / d.scale, d.shape));
  }
}
