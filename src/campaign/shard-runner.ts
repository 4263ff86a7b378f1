/**
 * Runs one shard of trials and aggregates it: the work of a worker thread, kept out
 * of `workers/` so that the worker entry only marshals (and so tests can run it
 * in-process).
 */
import { compileScenario } from '../model/compile-scenario.js';
import { METRIC_COUNT } from '../model/metrics.js';
import { TrialRunner } from '../model/trial-runner.js';
import { aggregateShard } from '../stats/block-aggregator.js';
import { faultInjection } from './fault-injection.js';
import type { ShardResult, ShardTask, WorkerSetup } from './protocol.js';

export class ShardRunner {
  private readonly runners: (TrialRunner | undefined)[];
  private readonly fault = faultInjection();

  constructor(private readonly setup: WorkerSetup) {
    this.runners = setup.scenarios.map(() => undefined);
  }

  private runner(variant: number): TrialRunner {
    // Compiled on first use: a sweep's worker may never see some variants.
    return (this.runners[variant] ??= new TrialRunner(compileScenario(this.setup.scenarios[variant]!)));
  }

  run(task: ShardTask): ShardResult {
    const started = performance.now();
    const { variant, first, count } = task;
    const runner = this.runner(variant);
    const S = runner.schemeCount;
    const values = new Float64Array(count * S * METRIC_COUNT);
    const status = new Uint8Array(count * S);
    let trial = first;
    try {
      for (let i = 0; i < count; i++, trial++) {
        if (this.fault !== null) this.fault.beforeTrial(trial);
        runner.run(trial, values, i * S * METRIC_COUNT, status, i * S);
      }
    } catch (error) {
      return { kind: 'failed', variant, first, count, trial, message: error instanceof Error ? error.message : String(error) };
    }
    let aggregate: Float64Array;
    try {
      aggregate = aggregateShard(values, status, first, count, S).data;
    } catch (error) {
      // A non-finite outcome: aggregateShard names the trial range; find the trial.
      const bad = firstNonFinite(values, S);
      return {
        kind: 'failed',
        variant,
        first,
        count,
        trial: bad < 0 ? first : first + bad,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    return {
      kind: 'done',
      variant,
      first,
      count,
      aggregate,
      values: task.perTrial ? values : null,
      status: task.perTrial ? status : null,
      elapsedMs: performance.now() - started,
    };
  }
}

function firstNonFinite(values: Float64Array, schemes: number): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return Math.floor(i / (schemes * METRIC_COUNT));
  return -1;
}
