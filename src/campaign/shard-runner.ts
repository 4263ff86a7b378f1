/**
 * Runs one shard of trials under every variant and aggregates it: the work of a worker
 * thread, kept out of `workers/` so that the worker entry only marshals (and so tests
 * can run it in-process). Every variant plays the same trial indices, hence the same
 * random streams: a sweep compares variants on common random numbers.
 */
import { compileScenario } from '../model/compile-scenario.js';
import { M, METRIC_COUNT } from '../model/metrics.js';
import { TrialRunner } from '../model/trial-runner.js';
import { aggregateShard } from '../stats/shard-accumulator.js';
import { aggregateCauseRows } from '../stats/cause-aggregator.js';
import { aggregateVariantPairs } from '../stats/variant-pairs.js';
import { faultInjection, syntheticWeights } from './fault-injection.js';
import { encodePartial } from './partial-result.js';
import type { ShardFailed, ShardResult, ShardTask, WorkerSetup } from './protocol.js';
import { sharedBytesOn, sharedFloat64On } from './row-buffers.js';
import { sharedBytes, sharedFloat64 } from './shared-arrays.js';
import { handedOverShared } from './shared-memory-release.js';

export class ShardRunner {
  private readonly runners: TrialRunner[];
  private readonly beforeTrial: ((trial: number) => void) | null;
  /** Tests only (fault-injection.ts): weights replacing the trials' own. */
  private readonly weightOf = syntheticWeights();
  private readonly campaignHash: string;

  constructor(setup: WorkerSetup) {
    this.campaignHash = setup.campaignHash;
    this.runners = setup.scenarios.map((scenario, v) => new TrialRunner(compileScenario(scenario, setup.pilots?.[v] ?? null)));
    const fault = faultInjection();
    this.beforeTrial = fault === null ? null : (trial) => fault.beforeTrial(trial);
  }

  private readonly scratchFloats = new Map<string, Float64Array>();
  private readonly scratchCodes = new Map<string, Uint8Array>();

  private scratch(key: string, length: number): Float64Array {
    let a = this.scratchFloats.get(key);
    if (a === undefined || a.length < length) this.scratchFloats.set(key, (a = new Float64Array(length)));
    return a.subarray(0, length);
  }

  private scratchBytes(key: string, length: number): Uint8Array {
    let a = this.scratchCodes.get(key);
    if (a === undefined || a.length < length) this.scratchCodes.set(key, (a = new Uint8Array(length)));
    return a.subarray(0, length);
  }

  run(task: ShardTask): ShardResult {
    const started = performance.now();
    const { first, count } = task;
    const values: Float64Array[] = [];
    const status: Uint8Array[] = [];
    const weights: Float64Array[] = [];
    const aggregates: Float64Array[] = [];
    const causes: Float64Array[] = [];
    const capacity = Math.max(count, task.rowCapacity ?? count);
    // Shared memory made for this shard, handed over with it (counted for handedOverShared).
    const fresh = { bytes: 0 };
    const newFloat64 = (length: number) => {
      fresh.bytes += length * Float64Array.BYTES_PER_ELEMENT;
      return sharedFloat64(length);
    };
    const newBytes = (length: number) => {
      fresh.bytes += length;
      return sharedBytes(length);
    };
    for (let v = 0; v < this.runners.length; v++) {
      const runner = this.runners[v]!;
      const S = runner.schemeCount;
      // Rows that travel back (per-trial output) are shared arrays, handed over: on the
      // buffers the task brings when it brings them (row-buffers.ts), else new ones. The
      // others are scratch reused from shard to shard, so that a --summary-only campaign
      // does not churn tens of MB per shard.
      const reuse = task.rows ?? null;
      const rows = task.perTrial
        ? sharedFloat64On(reuse?.values[v], count * S * METRIC_COUNT, capacity * S * METRIC_COUNT, fresh)
        : this.scratch(`rows${v}`, count * S * METRIC_COUNT);
      const codes = task.perTrial ? sharedBytesOn(reuse?.status[v], count * S, capacity * S, fresh) : this.scratchBytes(`codes${v}`, count * S);
      const trialWeights = task.perTrial ? sharedFloat64On(reuse?.weights[v], count, capacity, fresh) : this.scratch(`weights${v}`, count);
      const width = S * runner.causeWidth;
      const causeRows = this.scratch(`causes${v}`, count * width);
      const failed = (trial: number, error: unknown): ShardFailed => ({
        kind: 'failed',
        variant: v,
        first,
        count,
        trial,
        message: error instanceof Error ? error.message : String(error),
      });
      try {
        runner.runRange(first, count, rows, codes, causeRows, trialWeights, this.beforeTrial);
        if (this.weightOf !== null) for (let i = 0; i < count; i++) trialWeights[i] = this.weightOf(first + i);
      } catch (error) {
        return failed(runner.playing, error);
      }
      try {
        aggregates.push(aggregateShard(rows, codes, trialWeights, first, count, S, newFloat64).data);
        causes.push(aggregateCauseRows(causeRows, trialWeights, first, count, width, newFloat64));
      } catch (error) {
        // The trials all ran: name the first whose outcome is not finite.
        const bad = firstNonFinite(rows, S);
        return failed(bad < 0 ? first : first + bad, error);
      }
      values.push(rows);
      status.push(codes);
      weights.push(trialWeights);
    }
    const S = this.runners[0]!.schemeCount;
    const result = {
      first,
      count,
      summaries: aggregates,
      causes,
      pairs: values.length > 1 ? aggregateVariantPairs(values, weights, first, count, S, M.jct_h, newFloat64) : null,
      values: task.perTrial ? values : null,
      status: task.perTrial ? status : null,
      weights: task.perTrial ? weights : null,
    };
    const encoded = encodePartial(result, this.campaignHash, newBytes);
    // Earlier shards' new buffers (aggregates, headers, rows on new buffers) may be
    // garbage here by now: let their memory go. Reused row buffers are the
    // coordinator's to keep and are not counted. With --summary-only only the aggregates
    // are new (≈ 26 bytes a trial of a one-scheme scenario): a collection every 8 MiB of
    // them is one every few hundred thousand trials.
    handedOverShared(fresh.bytes);
    return { kind: 'done', first, count, encoded, elapsedMs: performance.now() - started };
  }
}

function firstNonFinite(values: Float64Array, schemes: number): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return Math.floor(i / (schemes * METRIC_COUNT));
  return -1;
}
