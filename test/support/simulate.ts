/** Runs trials of a scenario in-process and summarises one metric (tests only). */
import { compileScenario } from '../../src/model/compile-scenario.js';
import { METRIC_COUNT, M, type Metric } from '../../src/model/metrics.js';
import type { Scenario } from '../../src/model/scenario.js';
import { TrialRunner } from '../../src/model/trial-runner.js';

export interface Estimate {
  mean: number;
  /** Standard error of the mean. */
  se: number;
  n: number;
}

/** Mean and standard error of `metric` (or of a function of the row) for each scheme. */
export function simulate(
  scenario: Scenario,
  trials: number,
  metric: Metric | ((row: Float64Array, o: number) => number),
): Estimate[] {
  const runner = new TrialRunner(compileScenario(scenario));
  const S = runner.schemeCount;
  const values = new Float64Array(S * METRIC_COUNT);
  const status = new Uint8Array(S);
  const sum = new Float64Array(S);
  const sum2 = new Float64Array(S);
  const read = typeof metric === 'string' ? (row: Float64Array, o: number) => row[o + M[metric]]! : metric;
  for (let i = 0; i < trials; i++) {
    runner.run(i, values, 0, status, 0);
    for (let s = 0; s < S; s++) {
      const x = read(values, s * METRIC_COUNT);
      sum[s] += x;
      sum2[s] += x * x;
    }
  }
  return Array.from(sum, (total, s) => {
    const mean = total / trials;
    const variance = (sum2[s]! - trials * mean * mean) / (trials - 1);
    return { mean, se: Math.sqrt(Math.max(0, variance) / trials), n: trials };
  });
}

/** Every outcome row, status, cause row and weight of trials 0 … trials − 1 (as a shard holds them). */
export interface TrialRows {
  values: Float64Array;
  status: Uint8Array;
  causes: Float64Array;
  weights: Float64Array;
  /** The runner's counts of replays taken as quiet and as a restoration twin's (trial-runner.ts). */
  quietCopies: number;
  twinCopies: number;
  schemes: number;
}

/** Plays trials 0 … trials − 1 with `TrialRunner.runRange`; `lookahead` and `shareReplays` as its constructor's (default when undefined). */
export function playRows(scenario: Scenario, trials: number, lookahead?: number, shareReplays?: boolean): TrialRows {
  const runner = new TrialRunner(compileScenario(scenario), lookahead, shareReplays);
  const S = runner.schemeCount;
  const values = new Float64Array(trials * S * METRIC_COUNT);
  const status = new Uint8Array(trials * S);
  const causes = new Float64Array(trials * S * runner.causeWidth);
  const weights = new Float64Array(trials);
  runner.runRange(0, trials, values, status, causes, weights, null);
  return { values, status, causes, weights, quietCopies: runner.quietCopies, twinCopies: runner.twinCopies, schemes: S };
}
