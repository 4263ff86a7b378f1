/**
 * The piscina worker entry: decode the task, run the shard, hand the typed arrays
 * back by transfer. Everything else lives in src/campaign/shard-runner.ts.
 */
import { Piscina } from 'piscina';
import { workerData } from 'node:worker_threads';
import type { ShardTask, WorkerSetup } from '../src/campaign/protocol.js';
import { ShardRunner } from '../src/campaign/shard-runner.js';

const runner = new ShardRunner(workerData as WorkerSetup);

export default function runShard(task: ShardTask) {
  const result = runner.run(task);
  if (result.kind === 'failed') return result;
  const arrays = [...result.aggregates, ...result.causes, ...(result.pairs ? [result.pairs] : []), ...(result.values ?? []), ...(result.status ?? [])];
  // piscina moves only what a top-level Transferable lists: wrap the result in one.
  return Piscina.move({
    [Piscina.transferableSymbol]: arrays.map((a) => a.buffer),
    [Piscina.valueSymbol]: result,
  } as never);
}
