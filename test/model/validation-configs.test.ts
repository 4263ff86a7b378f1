/**
 * The validation scenarios `configs/validation/daly-{a,b,c}.yaml`, loaded through the real
 * YAML loader and simulated, against the exact E[JCT] of docs/model.md#exact-checks (Daly 2006, "A higher
 * order estimate of the optimum checkpoint interval for restart dumps", FGCS 22,
 * extended with a repair time D):
 *   f(L) = (e^{L/M} − 1) · e^{R/M} · (M + D),   E[JCT] = (K − 1) f(τ + δ) + f(τ).
 * The oracle's parameters are the cases of docs/model.md#exact-checks written out here, not read from the
 * files, so a file that encodes another case (a rate per year for per hour, a wrong
 * unit, a missing restart) fails. test/model/exact-jct.test.ts builds the same cases in
 * code; this test proves the YAML files say the same thing.
 *
 * Each case runs the file's own `trials` (enough that one standard error is ≤ 0.05 % of
 * the mean, which is asserted) and accepts the mean within 4 standard errors.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/config/index.js';
import { expectedJct } from '../../src/model/daly.js';
import { M } from '../../src/model/metrics.js';
import { simulate } from '../support/simulate.js';

const MIN = 1 / 60;
const SEC = 1 / 3600;

interface Case {
  file: string;
  /** Parameters of docs/model.md#exact-checks, hours: M (mean time between failures), D (mean repair), R, δ, τ, W. */
  mtbf: number;
  meanRepair: number;
  restart: number;
  write: number;
  interval: number;
  work: number;
  /** Hand-computed E[JCT] where the case documents it (a check of the formula's inputs). */
  documented?: number;
}

const CASES: Case[] = [
  {
    // (a) Daly's own case, repair ≈ 0: M = 24 h, R = 10 min, δ = 5 min, τ = 2 h, W = 500 h;
    // ≈ 547.83 h (docs/model.md#exact-checks with D = 0; also quoted in the file's header).
    file: 'daly-a.yaml',
    mtbf: 24,
    meanRepair: 1e-3 * SEC,
    restart: 10 * MIN,
    write: 5 * MIN,
    interval: 2,
    work: 500,
    documented: 547.83,
  },
  {
    // (b) M = 30 d, lognormal repair median 8 h, σ 0.9: mean median · e^{σ²/2} ≈ 11.99 h;
    // R = 10 min, δ = 20 s, τ = 30 min, W = 30 d.
    file: 'daly-b.yaml',
    mtbf: 720,
    meanRepair: 8 * Math.exp(0.9 ** 2 / 2),
    restart: 10 * MIN,
    write: 20 * SEC,
    interval: 30 * MIN,
    work: 720,
  },
  {
    // (c) background interruptions only: job MTBF 3.1 h (Llama 3, 2024), recovery 15 min
    // plays D; R = 5 min, δ = 10 s, τ = 30 min, W = 30 d.
    file: 'daly-c.yaml',
    mtbf: 3.1,
    meanRepair: 15 * MIN,
    restart: 5 * MIN,
    write: 10 * SEC,
    interval: 30 * MIN,
    work: 720,
  },
];

describe('configs/validation: the YAML files reproduce the exact E[JCT] of docs/model.md#exact-checks', () => {
  test.each(CASES)('$file', (c) => {
    const path = fileURLToPath(new URL(`../../configs/validation/${c.file}`, import.meta.url));
    const scenario = loadScenarioFile(path);
    const exact = expectedJct(c);
    if (c.documented !== undefined) expect(exact).toBeCloseTo(c.documented, 1);

    // The formula is for a job that always finishes: count trials cut off by the horizon.
    let censored = 0;
    const [estimate] = simulate(scenario, scenario.trials, (row, o) => {
      const jct = row[o + M.jct_h]!;
      if (jct >= scenario.horizon) censored++;
      return jct;
    });
    expect(censored).toBe(0);
    expect(estimate!.n).toBe(scenario.trials);
    expect(estimate!.se / estimate!.mean).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(estimate!.mean - exact)).toBeLessThanOrEqual(4 * estimate!.se);
  });
});
