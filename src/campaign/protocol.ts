/**
 * The wire protocol between the coordinator and the worker threads, in one place.
 *
 * A worker gets the resolved scenarios once, as `workerData` when it starts; a task is
 * three numbers (and, in a full run, buffers to write the rows into); a result is a partial result (partial-result.ts): typed arrays on SharedArrayBuffers, handed back by
 * reference (shared-arrays.ts says why not by transfer), never copied, and never
 * per-trial objects. Failures travel as data: the coordinator decides.
 */
import type { PilotEstimate } from '../model/network-crash-pilot.js';
import type { Scenario } from '../model/scenario.js';
import type { EncodedPartial } from './partial-result.js';
import type { RowBuffers } from './row-buffers.js';

/** Given to every worker once, at start. */
export interface WorkerSetup {
  /** One scenario per variant (a plain `run` has one; a sweep one per grid point). */
  readonly scenarios: readonly Scenario[];
  /**
   * Per variant: the network-crash pilot's estimates the coordinator's compilation
   * carries (`CompiledScenario.pilots`), so that no worker runs the pilot again.
   */
  readonly pilots?: readonly (readonly PilotEstimate[] | null)[];
  /** The campaign hash every partial result carries (campaign-spec.ts). */
  readonly campaignHash: string;
}

/** Trials `first … first + count − 1`, under every variant. */
export interface ShardTask {
  readonly first: number;
  readonly count: number;
  /** Also return the per-trial outcome rows (for trials.arrow). */
  readonly perTrial: boolean;
  /** With perTrial: buffers of an earlier shard to write the rows into (row-buffers.ts). */
  readonly rows?: RowBuffers | null;
  /** With perTrial: trials that new row buffers are made for (the campaign's largest shard), so that they can be reused. */
  readonly rowCapacity?: number;
}

export interface ShardDone {
  readonly kind: 'done';
  readonly first: number;
  readonly count: number;
  /** The shard's partial result with its header and checksum (partial-result.ts), on shared memory. */
  readonly encoded: EncodedPartial;
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
