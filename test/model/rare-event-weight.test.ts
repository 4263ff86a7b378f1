/**
 * A trial's likelihood-ratio weight (docs/model.md#rare-events), recomputed by hand from
 * the trial's own timeline, and plain Monte Carlo left exactly as it was when importance
 * sampling is off.
 *
 * For Poisson cut processes of rate λᵤ drawn at m(t)·λᵤ, over [0, τ) with τ the job's end:
 *   ln w = −Σ over cuts ln m(cut⁻) + Σᵤ ∫₀^τ (m(t) − 1) λᵤ 1{u up at t} dt,
 * with m = factor always (uniform), or factor while some unit is down and all_up_factor
 * while none is (failure biasing).
 */
import { describe, expect, test } from 'vitest';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { M, METRIC_COUNT } from '../../src/model/metrics.js';
import { ENTRY_CUT, ENTRY_REPAIR } from '../../src/model/network-timeline.js';
import type { RareEvents, Scenario } from '../../src/model/scenario.js';
import { TrialRunner } from '../../src/model/trial-runner.js';
import { rarePair } from '../fixtures/rare-pair.js';
import { scenarioWith } from '../fixtures/scenario-builder.js';

const LAMBDA = [0.01, 0.02] as const;

/** ln w of the trial the runner just played, from its timeline entries before τ. */
function logWeightByHand(runner: TrialRunner, tau: number, bias: RareEvents): number {
  const tl = runner.timeline;
  const up = [true, true];
  const m = () => (bias.method === 'uniform' || !up[0] || !up[1] ? bias.factor : bias.allUpFactor);
  let log = 0;
  let t = 0;
  const exposure = (until: number) => {
    for (let u = 0; u < 2; u++) if (up[u]) log += (m() - 1) * LAMBDA[u]! * (until - t);
    t = until;
  };
  for (let i = 0; i < tl.length && tl.time[i]! < tau; i++) {
    exposure(tl.time[i]!);
    if (tl.kind[i] === ENTRY_CUT) {
      log -= Math.log(m());
      up[tl.subject[i]!] = false;
    } else if (tl.kind[i] === ENTRY_REPAIR) up[tl.subject[i]!] = true;
  }
  exposure(tau);
  return log;
}

describe('the weight of a trial', () => {
  test.each<[string, RareEvents]>([
    ['uniform × 3', { method: 'uniform', factor: 3 }],
    ['failure-biasing × 40', { method: 'failure-biasing', factor: 40, allUpFactor: 1 }],
    ['failure-biasing × 10, × 2.5 while all is up', { method: 'failure-biasing', factor: 10, allUpFactor: 2.5 }],
  ])('%s: ln w is −Σ ln m over cuts + Σ (m − 1) λ × exposure up to the job end, by hand, on 300 trials', (_, bias) => {
    // Cuts every 100 and 50 h, repairs of 5 and 2 h, a 200 h job: several cuts a trial.
    const runner = new TrialRunner(compileScenario(rarePair({ lambda: LAMBDA, mu: [0.2, 0.5], timeout: 0.5, work: 200, rareEvents: bias })));
    const values = new Float64Array(METRIC_COUNT);
    const status = new Uint8Array(1);
    let cuts = 0;
    for (let trial = 0; trial < 300; trial++) {
      const w = runner.run(trial, values, 0, status, 0);
      cuts += values[M.cuts]!;
      const byHand = logWeightByHand(runner, values[M.jct_h]!, bias);
      expect(Math.log(w)).toBeCloseTo(byHand, 9);
    }
    expect(cuts).toBeGreaterThan(300 * 2); // the weights do cover cuts, and many
  });
});

describe('importance sampling off: plain Monte Carlo, unchanged', () => {
  const scenario: Scenario = scenarioWith(3);
  const TRIALS = 2048;

  function play(s: Scenario) {
    const runner = new TrialRunner(compileScenario(s));
    const S = runner.schemeCount;
    const values = new Float64Array(TRIALS * S * METRIC_COUNT);
    const status = new Uint8Array(TRIALS * S);
    const causes = new Float64Array(TRIALS * S * runner.causeWidth);
    const weights = new Float64Array(TRIALS).fill(NaN);
    runner.runRange(0, TRIALS, values, status, causes, weights, null);
    return { values, status, causes, weights };
  }

  test('without rare_events every weight is exactly 1', () => {
    expect(play(scenario).weights.every((w) => w === 1)).toBe(true);
  });

  test.each<RareEvents>([
    { method: 'uniform', factor: 1 },
    { method: 'failure-biasing', factor: 1, allUpFactor: 1 },
  ])('factor 1 ($method) draws exactly the plain timelines: identical rows, weights exactly 1', (rareEvents) => {
    const plain = play(scenario);
    const biased = play({ ...scenario, rareEvents });
    expect(biased.weights.every((w) => w === 1)).toBe(true);
    expect(Buffer.from(biased.values.buffer).equals(Buffer.from(plain.values.buffer))).toBe(true);
    expect(Buffer.from(biased.status.buffer).equals(Buffer.from(plain.status.buffer))).toBe(true);
    expect(Buffer.from(biased.causes.buffer).equals(Buffer.from(plain.causes.buffer))).toBe(true);
  });

  test('a raised factor does change the draws (the comparison above can fail)', () => {
    const plain = play(scenario);
    const biased = play({ ...scenario, rareEvents: { method: 'uniform', factor: 2 } });
    expect(Buffer.from(biased.values.buffer).equals(Buffer.from(plain.values.buffer))).toBe(false);
    expect(biased.weights.some((w) => w !== 1)).toBe(true);
  });
});
