/**
 * Importance sampling is unbiased (docs/model.md#rare-events): on the metro triad with
 * its cut rates raised until double failures are common, so that plain Monte Carlo
 * resolves every metric, the weighted means (mean of w·X over trials) of every scheme
 * agree with plain Monte Carlo within 4 combined standard errors, under both biasing
 * methods, and the mean weight is within 4 standard errors of 1. Different seeds, so
 * the two estimates are independent and their standard errors combine.
 */
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/config/index.js';
import { compileScenario } from '../../src/model/compile-scenario.js';
import { M, METRIC_COUNT, type Metric } from '../../src/model/metrics.js';
import type { RareEvents, Scenario } from '../../src/model/scenario.js';
import { TrialRunner } from '../../src/model/trial-runner.js';

const METRICS: Metric[] = ['jct_h', 'lost_work_h', 'stall_h', 'restart_h', 'degraded_h', 'crashes_network', 'crashes_background', 'cuts'];
const TRIALS = 20_000;

/**
 * The metro triad, a 2-day job, cut rates × `raise`, background interruptions 10 ×
 * rarer, and floods of the river (`floodsPerYear`) hitting the bridge corridor and
 * the north–south ring each with probability ½.
 */
function hotTriad(raise: number, floodsPerYear: number): Scenario {
  const s = loadScenarioFile('configs/metro-triad.yaml');
  const scale = (mix: Scenario['hazards'][number]['ratePer1000KmYear']) =>
    Object.fromEntries(Object.entries(mix).map(([k, v]) => [k, v * raise])) as typeof mix;
  return {
    ...s,
    horizon: 480,
    routes: s.routes.map((r) => (r.id === 'n-s-ring' ? { ...r, regions: ['river'] } : r)),
    srlgs: s.srlgs.map((g) => ({ ...g, regions: ['river'] })),
    hazards: s.hazards.map((h) => ({ ...h, ratePer1000KmYear: scale(h.ratePer1000KmYear) })),
    regional: [
      { id: 'flood', cause: 'flood', region: 'river', ratePerYear: floodsPerYear, hitProbability: 0.5, repair: { kind: 'lognormal', median: 12, sigma: 0.5 } },
    ],
    job: { ...s.job, work: 48, background: { ...s.job.background!, mtbfPerGpu: s.job.background!.mtbfPerGpu * 10 } },
  };
}

interface Moments {
  mean: Float64Array;
  se: Float64Array;
  events: number;
  weight: { mean: number; se: number };
}

/** Per scheme × metric (index s · METRICS.length + k): mean and SE of w·X. */
function weightedMoments(scenario: Scenario, trials: number): Moments {
  const runner = new TrialRunner(compileScenario(scenario));
  const S = runner.schemeCount;
  const K = METRICS.length;
  const values = new Float64Array(S * METRIC_COUNT);
  const status = new Uint8Array(S);
  const sum = new Float64Array(S * K);
  const sum2 = new Float64Array(S * K);
  let sw = 0;
  let sww = 0;
  let events = 0;
  const oneOnePlus = scenario.schemes.findIndex((s) => s.kind === 'one-plus-one');
  for (let i = 0; i < trials; i++) {
    const w = runner.run(i, values, 0, status, 0);
    sw += w;
    sww += w * w;
    if (values[oneOnePlus * METRIC_COUNT + M.crashes_network]! > 0) events++;
    for (let s = 0; s < S; s++) {
      for (let k = 0; k < K; k++) {
        const x = w * values[s * METRIC_COUNT + M[METRICS[k]!]]!;
        sum[s * K + k] += x;
        sum2[s * K + k] += x * x;
      }
    }
  }
  const se = (s: number, ss: number) => Math.sqrt(Math.max(0, ss / trials - (s / trials) ** 2) / (trials - 1));
  return {
    mean: sum.map((s) => s / trials),
    se: sum.map((s, j) => se(s, sum2[j]!)),
    events,
    weight: { mean: sw / trials, se: se(sw, sww) },
  };
}

/** Floods a year for each raise of the cut rates: the cooler triad's are frequent, to weigh in. */
const FLOODS: Record<number, number> = { 1000: 50, 100: 100 };

describe('importance sampling is unbiased', () => {
  const plainRuns = new Map<number, Moments>();
  const plainOf = (raise: number) => {
    if (!plainRuns.has(raise)) plainRuns.set(raise, weightedMoments(hotTriad(raise, FLOODS[raise]!), TRIALS));
    return plainRuns.get(raise)!;
  };

  test('the raised triad has double failures that crash one-plus-one in many trials', () => {
    expect(plainOf(1000).events).toBeGreaterThan(100);
  });

  // The cooler triad, with a large factor, is where failure biasing switches on and off
  // often: what a switch does to the pending draws matters there.
  const cases: [string, number, RareEvents][] = [
    ['failure-biasing × 4', 1000, { method: 'failure-biasing', factor: 4, allUpFactor: 1 }],
    ['uniform × 2', 1000, { method: 'uniform', factor: 2 }],
    ['failure-biasing × 10 on a 10 × cooler triad', 100, { method: 'failure-biasing', factor: 10, allUpFactor: 1 }],
    ['failure-biasing × 10, × 3 while all is up, on the cooler triad', 100, { method: 'failure-biasing', factor: 10, allUpFactor: 3 }],
  ];
  test.each(cases)('%s: every scheme × metric mean within 4 combined SE of plain Monte Carlo; mean weight within 4 SE of 1', (_, raise, rareEvents) => {
    const plainScenario = hotTriad(raise, FLOODS[raise]!);
    const plain = plainOf(raise);
    const weighted = weightedMoments({ ...plainScenario, seed: plainScenario.seed + 1, rareEvents }, TRIALS);
    const off: string[] = [];
    plainScenario.schemes.forEach((scheme, s) =>
      METRICS.forEach((metric, k) => {
        const j = s * METRICS.length + k;
        const gap = Math.abs(weighted.mean[j]! - plain.mean[j]!);
        const tolerance = 4 * Math.hypot(weighted.se[j]!, plain.se[j]!);
        if (!(gap <= tolerance)) off.push(`${scheme.id} ${metric}: ${weighted.mean[j]} vs ${plain.mean[j]} (4 SE ${tolerance})`);
      }),
    );
    expect(off).toEqual([]);
    expect(weighted.events).toBeGreaterThan(plain.events); // the biasing does make double failures commoner
    expect(Math.abs(weighted.weight.mean - 1)).toBeLessThanOrEqual(4 * weighted.weight.se);
  });
});
