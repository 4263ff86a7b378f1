/**
 * The simulated mean job-completion time against the exact formula of docs/model.md#exact-checks —
 * Daly (2006), "A higher order estimate of the optimum checkpoint interval for restart
 * dumps", FGCS 22, extended with a repair time D:
 *   f(L) = (e^{L/M} − 1) · e^{R/M} · (M + D),  E[JCT] = (K − 1) f(τ + δ) + f(τ).
 * Each case runs enough trials that one standard error is at most 0.05 % of the mean (so
 * a missing restart or repair wait, worth far more, cannot hide in the noise) and
 * asserts the mean within 4 standard errors.
 */
import { describe, expect, test } from 'vitest';
import { expectedJct } from '../../src/model/daly.js';
import { meanRepair } from '../../src/model/repair-time.js';
import type { RepairDistribution } from '../../src/model/scenario.js';
import { singleRoute } from '../fixtures/scenario-builder.js';
import { simulate } from '../support/simulate.js';

const MIN = 1 / 60;
const SEC = 1 / 3600;

function checkAgainstFormula(estimate: { mean: number; se: number }, exact: number) {
  expect(estimate.se / estimate.mean).toBeLessThanOrEqual(0.0005);
  expect(Math.abs(estimate.mean - exact)).toBeLessThanOrEqual(4 * estimate.se);
}

describe('E[JCT] against Daly 2006 with repair time (docs/model.md#exact-checks)', () => {
  test('(a) M = 24 h, repair ≈ 0 (1 ms), R = 10 min, δ = 5 min, τ = 2 h, W = 500 h', () => {
    const repair: RepairDistribution = { kind: 'fixed', value: 1e-3 * SEC };
    const p = { mtbf: 24, repair, work: 500, interval: 2, write: 5 * MIN, restart: 10 * MIN };
    const exact = expectedJct({ ...p, meanRepair: meanRepair(repair) });
    // Daly's own case: with D → 0 the formula is his; 547.83 h (computed by hand from eq. above).
    expect(exact).toBeCloseTo(547.83, 1);
    const [estimate] = simulate(singleRoute(p), 20_000, 'jct_h');
    checkAgainstFormula(estimate!, exact);
  });

  test('(b) M = 30 d, lognormal repair median 8 h σ 0.9, R = 10 min, δ = 20 s, τ = 30 min, W = 30 d', () => {
    const repair: RepairDistribution = { kind: 'lognormal', median: 8, sigma: 0.9 };
    const p = { mtbf: 720, repair, work: 720, interval: 0.5, write: 20 * SEC, restart: 10 * MIN };
    // Mean of a lognormal: median · e^{σ²/2} = 8 · e^{0.405} ≈ 11.99 h.
    expect(meanRepair(repair)).toBeCloseTo(11.995, 2);
    const exact = expectedJct({ ...p, meanRepair: meanRepair(repair) });
    const [estimate] = simulate(singleRoute(p), 20_000, 'jct_h');
    checkAgainstFormula(estimate!, exact);
  });

  test('(c) background only: job MTBF 3.1 h (Llama 3), recovery 15 min, R = 5 min, δ = 10 s, τ = 30 min, W = 30 d', () => {
    // One GPU with a per-GPU MTBF of 3.1 h is a job MTBF of 3.1 h; no network hazard.
    // The recovery plays the role of the repair D (a fixed 15 min before a restart).
    const p = { work: 720, interval: 0.5, write: 10 * SEC, restart: 5 * MIN };
    const scenario = singleRoute({
      ...p,
      mtbf: Infinity,
      repair: { kind: 'fixed', value: 0 },
      background: { mtbfPerGpu: 2 * 3.1, recovery: 15 * MIN }, // two sites of one GPU each
    });
    const exact = expectedJct({ ...p, mtbf: 3.1, meanRepair: 15 * MIN });
    const [estimate] = simulate(scenario, 5_000, 'jct_h');
    checkAgainstFormula(estimate!, exact);
  });

  test('stalls shorter than the timeout lose no work: E[JCT] = (W + (K−1)δ)(1 + D/M)', () => {
    // Fixed repair D = 2 h below a 3 h collective timeout: every cut pauses the job for
    // exactly D; the active time W + (K−1)δ is fixed, and cuts arrive at rate 1/M of
    // up-time, so by Wald E[JCT] = A + (A/M)·D.
    const D = 2;
    const p = { mtbf: 50, repair: { kind: 'fixed', value: D } as const, work: 300, interval: 5, write: 0.25, restart: 0.5, timeout: 3 };
    const K = 300 / 5;
    const exact = (300 + (K - 1) * 0.25) * (1 + D / 50);
    const [jct, lost, crashes] = ['jct_h', 'lost_work_h', 'crashes_network'].map(
      (m) => simulate(singleRoute(p), 5_000, m as 'jct_h')[0]!,
    );
    checkAgainstFormula(jct!, exact);
    expect(lost!.mean).toBe(0);
    expect(crashes!.mean).toBe(0);
  });
});
