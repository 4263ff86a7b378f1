/**
 * The piscina pool of trial workers: created once per campaign with the scenarios as
 * `workerData` (so the scenario reaches each worker once, not with every task), one
 * task per thread at a time. A task whose worker thread dies is retried once.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ShardResult, ShardTask, WorkerSetup } from './protocol.js';

/**
 * The compiled worker entry. From dist/ it sits next to this module's tree; when this
 * module runs from source (vitest), workers still need JS: use the build in dist/.
 */
export function workerFilename(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromDist = resolve(here, '../../workers/trial-worker.js');
  if (existsSync(fromDist) && here.includes(`${join('dist', 'src')}`)) return fromDist;
  const built = resolve(here, '../../dist/workers/trial-worker.js');
  if (!existsSync(built)) throw new Error(`worker entry ${built} is missing: run \`npm run build\` first`);
  return built;
}

export class ShardFailure extends Error {
  constructor(
    message: string,
    readonly trial: number | null,
  ) {
    super(message);
  }
}

export class WorkerPool {
  private readonly pool: Piscina;
  private destroyed = false;

  constructor(setup: WorkerSetup, readonly threads: number) {
    this.pool = new Piscina({
      filename: workerFilename(),
      workerData: setup,
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
  }

  /** Runs a shard; a worker that dies is replaced by piscina and the shard retried once. */
  async run(task: ShardTask): Promise<ShardResult> {
    try {
      return (await this.pool.run(task)) as ShardResult;
    } catch (first) {
      if (this.destroyed) throw first;
      try {
        return (await this.pool.run(task)) as ShardResult;
      } catch (second) {
        if (this.destroyed) throw second;
        throw new ShardFailure(
          `a worker died twice on trials ${task.first}–${task.first + task.count - 1}: ${(second as Error).message}`,
          null,
        );
      }
    }
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.pool.destroy();
  }
}
