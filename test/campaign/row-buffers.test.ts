/**
 * src/campaign/row-buffers.ts: the buffers under a full run's per-trial rows go round
 * between the coordinator and the workers, so their number (and the memory they hold)
 * is bounded by what dispatching holds at once, not by the number of shards. Byte for
 * byte equal result files whatever the sharding: determinism.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatchShards, type PartialSink } from '../../src/campaign/coordinator.js';
import type { PartialResult } from '../../src/campaign/partial-result.js';
import { rowBuffersOf, rowBytesPerTrial } from '../../src/campaign/row-buffers.js';
import { planShards } from '../../src/campaign/shard-plan.js';
import { StopSignal } from '../../src/campaign/stop-signal.js';
import { WorkerPool } from '../../src/campaign/worker-pool.js';
import type { ShardTask } from '../../src/campaign/protocol.js';
import { parseScenarioText } from '../../src/config/index.js';
import { METRIC_COUNT } from '../../src/model/metrics.js';
import { BLOCK_TRIALS } from '../../src/stats/block-aggregator.js';
import { SCENARIO_YAML } from '../fixtures/campaign-scenario.js';

const scenario = parseScenarioText(SCENARIO_YAML, 'test');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('row buffers', () => {
  it('bytes of rows a trial brings back: outcomes, a status byte per scheme and a weight, per variant', () => {
    const S = scenario.schemes.length;
    expect(rowBytesPerTrial([scenario])).toBe(S * (METRIC_COUNT * 8 + 1) + 8);
    expect(rowBytesPerTrial([scenario, scenario])).toBe(2 * (S * (METRIC_COUNT * 8 + 1) + 8));
  });

  it('a full run of 40 shards on 2 workers writes its rows into a handful of buffers, used again and again', async () => {
    const shards = 40;
    const queue = planShards(shards * BLOCK_TRIALS, BLOCK_TRIALS);
    // A buffer crosses threads as a new SharedArrayBuffer object on the same memory, so
    // what is counted is the tasks that bring none (the worker makes new ones).
    const tasks: ShardTask[] = [];
    const run = WorkerPool.prototype.run;
    vi.spyOn(WorkerPool.prototype, 'run').mockImplementation(function (this: WorkerPool, task: ShardTask) {
      tasks.push(task);
      return run.call(this, task);
    });
    let merged = 0;
    const sink: PartialSink = {
      add(result: PartialResult) {
        expect(result.first).toBe(merged);
        expect(rowBuffersOf(result)).not.toBeNull();
        merged += result.count;
      },
    };
    const stop = new StopSignal();
    try {
      const outcome = await dispatchShards({ scenarios: [scenario], variantLabels: null, workers: 2, summaryOnly: false }, 'ab'.repeat(32), [], queue, sink, null, [], stop, () => {});
      expect(outcome.failure).toBeNull();
    } finally {
      stop.dispose();
    }
    expect(merged).toBe(shards * BLOCK_TRIALS);
    expect(tasks).toHaveLength(shards);
    // Without a store a result's buffers are free once merged: at most 2 tasks per
    // worker in flight and 2 per worker waiting for their turn, each on its own set.
    const fresh = tasks.filter((t) => t.rows === null).length;
    expect(fresh).toBeLessThanOrEqual(8);
    for (const t of tasks) expect(t).toMatchObject({ perTrial: true, rowCapacity: BLOCK_TRIALS });
    expect(tasks.filter((t) => t.rows !== null).every((t) => t.rows!.values.length === 1 && t.rows!.values[0]!.byteLength === BLOCK_TRIALS * scenario.schemes.length * METRIC_COUNT * 8)).toBe(true);
  });
});
