/**
 * Importance sampling against an exact rare-event probability (docs/model.md#rare-events).
 *
 * Two sites, two independent routes under one-plus-one (switchover 0), route i cut at
 * λᵢ per hour and repaired after an exponential time of mean 1/μᵢ, collective timeout T,
 * no background, one segment of work W (no checkpoint). The job crashes on the network
 * only when both routes are down together for at least T.
 *
 * Derivation (alternating renewal, both routes up at t = 0). Route i is down at t with
 *   pᵢ(t) = aᵢ (1 − e^{−kᵢ t}),  kᵢ = λᵢ + μᵢ,  aᵢ = λᵢ / kᵢ
 * (the two-state Markov chain's transient). A both-down period starts at t when route 1
 * is cut while route 2 is down, or the reverse, at rate
 *   r(t) = λ₁ (1 − p₁) p₂ + λ₂ (1 − p₂) p₁ = λ₁ p₂ + λ₂ p₁ − (λ₁ + λ₂) p₁ p₂.
 * It ends when the first of the two repairs does; both are exponential and memoryless,
 * so it lasts at least T with probability e^{−(μ₁+μ₂)T}, and the job crashes then. A
 * single cut costs nothing (switchover 0), so the job runs exactly [0, W) unless a
 * both-down period happens; what such a period adds (its stall, a crash's lost work)
 * can only bring further crashes with a probability of the order of the event's own
 * squared (≈ 10⁻¹⁵ here), far below the test's precision. Hence
 *   E[crashes_network] = e^{−(μ₁+μ₂)T} ∫₀^W r(t) dt, where
 *   ∫₀^W pᵢ = aᵢ (W − E(kᵢ)),  ∫₀^W p₁p₂ = a₁a₂ (W − E(k₁) − E(k₂) + E(k₁+k₂)),
 *   E(k) = (1 − e^{−kW}) / k.
 */
import { describe, expect, test } from 'vitest';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { M, METRIC_COUNT } from '../../src/model/metrics.js';
import { TrialRunner } from '../../src/model/trial-runner.js';
import { rarePair, type RarePair } from '../fixtures/rare-pair.js';

function expectedCrashes({ lambda: [l1, l2], mu: [m1, m2], timeout, work: W }: RarePair): number {
  const k1 = l1 + m1;
  const k2 = l2 + m2;
  const a1 = l1 / k1;
  const a2 = l2 / k2;
  const E = (k: number) => -Math.expm1(-k * W) / k;
  const p1 = a1 * (W - E(k1));
  const p2 = a2 * (W - E(k2));
  const p12 = a1 * a2 * (W - E(k1) - E(k2) + E(k1 + k2));
  return Math.exp(-(m1 + m2) * timeout) * (l1 * p2 + l2 * p1 - (l1 + l2) * p12);
}

/** Weighted mean of crashes_network (mean of w·X) and of the weight, with standard errors. */
function weightedCrashes(case_: RarePair, trials: number) {
  const runner = new TrialRunner(compileScenario(rarePair(case_)));
  const values = new Float64Array(METRIC_COUNT);
  const status = new Uint8Array(1);
  let sx = 0;
  let sxx = 0;
  let sw = 0;
  let sww = 0;
  let events = 0;
  for (let i = 0; i < trials; i++) {
    const w = runner.run(i, values, 0, status, 0);
    const x = w * values[M.crashes_network]!;
    if (x > 0) events++;
    sx += x;
    sxx += x * x;
    sw += w;
    sww += w * w;
  }
  const stat = (s: number, ss: number) => ({ mean: s / trials, se: Math.sqrt((ss / trials - (s / trials) ** 2) / (trials - 1)) });
  return { crashes: stat(sx, sxx), weight: stat(sw, sww), events };
}

describe('importance sampling: the exact rare-event oracle', () => {
  // Cuts every 2.3 and 1.1 years, repairs of 36 s and 18 s, timeout 9 s, a job of 1000 h:
  // a network crash about once in 3·10⁷ jobs.
  const base: RarePair = { lambda: [5e-5, 1e-4], mu: [100, 200], timeout: 0.0025, work: 1000 };
  const exact = expectedCrashes(base);

  test('the case is rare: plain Monte Carlo would need more than 10⁸ trials', () => {
    expect(exact).toBeGreaterThan(1e-8);
    expect(exact).toBeLessThan(1e-7);
    // Plain trials needed for the importance-sampled precision below (SE ≤ 5 % of the
    // mean): a count of rare events has variance ≈ its mean, so N = 1 / (p · 0.05²).
    expect(1 / (exact * 0.05 ** 2)).toBeGreaterThan(1e8);
  });

  test('failure biasing (factor 3·10⁵ while a route is down) matches E[crashes] within 4 SE from 3·10⁵ trials', () => {
    const trials = 300_000;
    const { crashes, weight, events } = weightedCrashes({ ...base, rareEvents: { method: 'failure-biasing', factor: 3e5, allUpFactor: 1 } }, trials);
    expect(events).toBeGreaterThan(1000); // the biased law makes the rare event common
    expect(crashes.se / exact).toBeLessThan(0.05);
    expect(Math.abs(crashes.mean - exact)).toBeLessThanOrEqual(4 * crashes.se);
    expect(Math.abs(weight.mean - 1)).toBeLessThanOrEqual(4 * weight.se);
  });
});
