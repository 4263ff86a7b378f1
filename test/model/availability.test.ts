/**
 * Alternating renewal (docs/model.md#timeline): a unit that is down is not cut again until repaired, so
 * a route's availability is MTTF / (MTTF + MTTR) (e.g. Barlow & Proschan, Statistical
 * Theory of Reliability, ch. 7), and two independent routes under one-plus-one are both
 * down a fraction U₁·U₂ of the time. Units start up at t = 0, so the horizon is
 * 1000 × MTTR to make the start-up transient negligible against the tolerance.
 */
import { describe, expect, test } from 'vitest';
import { compileScenario, makeView } from '../../src/model/compile-scenario.js';
import { NetworkTimeline } from '../../src/model/network-timeline.js';
import { RandomStream, STREAM_NETWORK } from '../../src/model/random-stream.js';
import { meanRepair } from '../../src/model/repair-time.js';
import type { RepairDistribution, Scenario } from '../../src/model/scenario.js';
import { BURIED, HOURS_PER_YEAR, singleRoute } from '../fixtures/scenario-builder.js';

function meanAndSe(xs: number[]) {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

/** Fraction of [0, horizon) during which the view's rate is 0, per trial. */
function stalledFractions(scenario: Scenario, schemeIndex: number, trials: number): number[] {
  const compiled = compileScenario(scenario);
  const timeline = new NetworkTimeline(compiled.exposure, scenario.routes.length);
  const view = makeView(compiled, scenario.schemes[schemeIndex]!);
  const rng = new RandomStream();
  const fractions: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    rng.reseed(scenario.seed, trial, STREAM_NETWORK);
    timeline.reset(rng, scenario.horizon);
    view.reset(timeline);
    let t = 0;
    let down = 0;
    while (view.nextTime < scenario.horizon) {
      if (view.rate === 0) down += view.nextTime - t;
      t = view.nextTime;
      view.advance();
    }
    if (view.rate === 0) down += scenario.horizon - t;
    fractions.push(down / scenario.horizon);
  }
  return fractions;
}

describe('availability (alternating renewal)', () => {
  test('one route: unavailability = MTTR / (MTTF + MTTR) within 4 SE', () => {
    const repair: RepairDistribution = { kind: 'lognormal', median: 8, sigma: 0.9 };
    const mttf = 100;
    const mttr = meanRepair(repair);
    const scenario = singleRoute({ mtbf: mttf, repair, work: 1, interval: 1, write: 0, restart: 0, horizon: 1000 * mttr });
    const { mean, se } = meanAndSe(stalledFractions(scenario, 0, 400));
    const exact = mttr / (mttf + mttr);
    expect(se / exact).toBeLessThan(0.01); // precise enough to see a unit cut again while down (+12 %)
    expect(Math.abs(mean - exact)).toBeLessThanOrEqual(4 * se);
  });

  test('one-plus-one over two independent routes: both down a fraction U₁·U₂ within 4 SE', () => {
    const mttr = 10;
    const horizon = 1000 * mttr;
    const route = (id: string, lengthKm: number) => ({
      id,
      between: ['a', 'b'] as const,
      lengthKm,
      usPerKm: 4.9,
      deployment: BURIED,
      capacityTbps: 10,
      srlgs: [],
      regions: [],
      jitter: null,
    });
    // Rate 40 cuts / 1000 km / yr: 1000 km → MTTF 219 h; 2000 km → 109.5 h.
    const rate = 40;
    const base = singleRoute({ mtbf: 1, repair: { kind: 'exponential', mean: mttr }, work: 1, interval: 1, write: 0, restart: 0, horizon });
    const scenario: Scenario = {
      ...base,
      routes: [route('short', 1000), route('long', 2000)],
      hazards: [{ cause: 'excavator', ratePer1000KmYear: { ...BURIED, buried: rate }, repair: { kind: 'exponential', mean: mttr } }],
      schemes: [{ id: '1+1', kind: 'one-plus-one', switchover: 0 }],
    };
    const u = (lengthKm: number) => {
      const mttf = HOURS_PER_YEAR / (rate * (lengthKm / 1000));
      return mttr / (mttf + mttr);
    };
    const exact = u(1000) * u(2000);
    const { mean, se } = meanAndSe(stalledFractions(scenario, 0, 1500));
    expect(se / exact).toBeLessThan(0.03);
    expect(Math.abs(mean - exact)).toBeLessThanOrEqual(4 * se);
  });
});
