/**
 * The wire protocol between the coordinator and the worker threads, in one place.
 *
 * A worker gets the resolved scenarios once, as `workerData` when it starts; a task is
 * three numbers; a result is typed arrays on SharedArrayBuffers, handed back by
 * reference (shared-arrays.ts says why not by transfer), never copied, and never
 * per-trial objects. Failures travel as data: the coordinator decides.
 */
import type { PilotEstimate } from '../model/network-crash-pilot.js';
import type { Scenario } from '../model/scenario.js';

/** Given to every worker once, at start. */
export interface WorkerSetup {
  /** One scenario per variant (a plain `run` has one; a sweep one per grid point). */
  readonly scenarios: readonly Scenario[];
  /**
   * Per variant: the network-crash pilot's estimates the coordinator's compilation
   * carries (`CompiledScenario.pilots`), so that no worker runs the pilot again.
   */
  readonly pilots?: readonly (readonly PilotEstimate[] | null)[];
}

/** Trials `first … first + count − 1`, under every variant. */
export interface ShardTask {
  readonly first: number;
  readonly count: number;
  /** Also return the per-trial outcome rows (for trials.arrow). */
  readonly perTrial: boolean;
}

export interface ShardDone {
  readonly kind: 'done';
  readonly first: number;
  readonly count: number;
  /** Per variant: `ShardAggregate.data` of src/stats/block-aggregator.ts. */
  readonly aggregates: Float64Array[];
  /** Per variant: cuts, crashes and lost work per cause and scheme (src/stats/cause-aggregator.ts). */
  readonly causes: Float64Array[];
  /** With several variants: the jct_h differences between them (src/stats/variant-pairs.ts). */
  readonly pairs: Float64Array | null;
  /** Per variant: outcome rows `[(trial − first) · S + scheme] · METRIC_COUNT + metric`, or null. */
  readonly values: Float64Array[] | null;
  /** Per variant: status codes `[(trial − first) · S + scheme]`, or null. */
  readonly status: Uint8Array[] | null;
  /** Wall milliseconds the worker spent on the task. */
  readonly elapsedMs: number;
}

export interface ShardFailed {
  readonly kind: 'failed';
  /** The variant whose trial threw. */
  readonly variant: number;
  readonly first: number;
  readonly count: number;
  /** The trial whose simulation threw (replay it with `trace --trial`). */
  readonly trial: number;
  readonly message: string;
}

export type ShardResult = ShardDone | ShardFailed;
