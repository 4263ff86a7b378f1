/**
 * The piscina pool of trial workers: created once per campaign with the scenarios as
 * `workerData` (so the scenario reaches each worker once, not with every task), one
 * task per thread at a time. A task whose worker thread dies is retried once.
 *
 * The pool never terminates a thread that is still loading its modules. piscina loads
 * the worker entry with `require()`, which on Node ≥ 20.19 loads an ES module
 * synchronously (require(esm)); if the thread is terminated while V8 instantiates that
 * module graph, Node goes on to ask the half-instantiated module whether it is async
 * and aborts the whole process (`FATAL ERROR: v8::Module::IsGraphAsync … must be used
 * on an instantiated module`, SIGABRT). Threads start loading whenever piscina starts
 * them: at creation, and as the replacement for a thread that died, which is exactly
 * when a campaign that failed destroys the pool. So `destroy()` first waits until
 * every thread has said it loaded (workers/trial-worker.ts's last statement) or has
 * exited.
 */
import { existsSync } from 'node:fs';
import { once } from 'node:events';
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

/** What a worker thread posts when it has loaded (workers/trial-worker.ts). */
export interface WorkerLoaded {
  readonly loaded: number; // its threadId
}

function isWorkerLoaded(message: unknown): message is WorkerLoaded {
  return typeof message === 'object' && message !== null && typeof (message as WorkerLoaded).loaded === 'number';
}

export class WorkerPool {
  private readonly pool: Piscina;
  private destroyed = false;
  /** threadIds of the threads that have loaded. */
  private readonly loaded = new Set<number>();
  /** Wakes `allLoaded()` when a thread reports it has loaded. */
  private onLoaded: () => void = () => {};

  constructor(setup: WorkerSetup, readonly threads: number) {
    this.pool = new Piscina({
      filename: workerFilename(),
      workerData: setup,
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
    this.pool.on('message', (message: unknown) => {
      if (!isWorkerLoaded(message)) return;
      this.loaded.add(message.loaded);
      this.onLoaded();
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

  /** Terminates the threads, once none is still loading (see the top of this file). */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.allLoaded();
    // Synchronously after the check: piscina cannot start a thread in between.
    await this.pool.destroy();
  }

  /**
   * Resolves when every thread of the pool has loaded. A thread that exits instead is
   * removed by piscina (which may start a replacement: that one is waited for too).
   */
  private async allLoaded(): Promise<void> {
    for (;;) {
      const loading = this.pool.threads.filter((thread) => !this.loaded.has(thread.threadId));
      if (loading.length === 0) return;
      const stop = new AbortController();
      const loadedNow = new Promise<void>((resolve) => (this.onLoaded = resolve));
      const exited = loading.map((thread) => once(thread, 'exit', { signal: stop.signal }).catch(() => {}));
      await Promise.race([loadedNow, ...exited]);
      stop.abort();
      this.onLoaded = () => {};
    }
  }
}
