/**
 * The piscina worker entry: run the shard the task names and return its result. The
 * result's arrays live on SharedArrayBuffers (src/campaign/shared-arrays.ts), so
 * returning them hands them to the coordinator without a copy and without detaching
 * anything. Everything else lives in src/campaign/shard-runner.ts.
 *
 * Its last statement tells the pool that this thread has loaded: until then the pool
 * must not terminate it (src/campaign/worker-pool.ts says why).
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { ShardResult, ShardTask, WorkerSetup } from '../src/campaign/protocol.js';
import { startupFault } from '../src/campaign/fault-injection.js';
import { ShardRunner } from '../src/campaign/shard-runner.js';
import type { WorkerLoaded } from '../src/campaign/worker-pool.js';

const runner = new ShardRunner(workerData as WorkerSetup);

export default function runShard(task: ShardTask): ShardResult {
  return runner.run(task);
}

startupFault(threadId);
parentPort!.postMessage({ loaded: threadId } satisfies WorkerLoaded);
