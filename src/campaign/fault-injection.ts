/**
 * Fault injection for the campaign's failure tests (a worker that throws, a worker
 * thread that dies), switched on only by environment variables:
 *   SCALE_ACROSS_FAULT_THROW_TRIAL=N   trial N throws (every time it runs)
 *   SCALE_ACROSS_FAULT_EXIT_TRIAL=N    the worker thread exits when it reaches trial N…
 *   SCALE_ACROSS_FAULT_EXIT_ONCE=FILE  …only the first time (FILE marks that it happened)
 *   SCALE_ACROSS_FAULT_DELAY_MS=N      every trial busy-waits N ms (slow campaigns for
 *                                      interruption tests)
 *   SCALE_ACROSS_FAULT_LOAD_MS=N       a worker thread's start-up takes N ms longer…
 *   SCALE_ACROSS_FAULT_LOADED_DIR=DIR  …and, once it has loaded, it writes DIR/<threadId>
 *                                      (tests that the pool never terminates a thread
 *                                      still loading its modules: worker-pool.ts)
 *   SCALE_ACROSS_FAULT_WEIGHTS=1       every trial's likelihood-ratio weight is replaced
 *                                      by a fixed function of its index, in [0.5, 1.5)
 *                                      (tests of the weighted statistics end to end,
 *                                      whatever the scenario's biasing)
 * Unset (always, outside tests) it costs one null check per trial.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FaultInjection {
  beforeTrial(trial: number): void;
}

export function faultInjection(env: NodeJS.ProcessEnv = process.env): FaultInjection | null {
  const throwTrial = env.SCALE_ACROSS_FAULT_THROW_TRIAL;
  const exitTrial = env.SCALE_ACROSS_FAULT_EXIT_TRIAL;
  const exitOnce = env.SCALE_ACROSS_FAULT_EXIT_ONCE;
  const delayMs = Number(env.SCALE_ACROSS_FAULT_DELAY_MS ?? 0);
  if (throwTrial === undefined && exitTrial === undefined && !(delayMs > 0)) return null;
  return {
    beforeTrial(trial: number) {
      if (delayMs > 0) {
        const until = performance.now() + delayMs;
        while (performance.now() < until);
      }
      if (throwTrial !== undefined && trial === Number(throwTrial)) throw new Error(`injected fault at trial ${trial}`);
      if (exitTrial !== undefined && trial === Number(exitTrial)) {
        if (exitOnce !== undefined) {
          if (existsSync(exitOnce)) return;
          writeFileSync(exitOnce, 'exited\n');
        }
        process.exit(70); // in a worker thread this ends the thread, as a crash would
      }
    },
  };
}

/** The trial → weight replacement of SCALE_ACROSS_FAULT_WEIGHTS (above); null when unset. */
export function syntheticWeights(env: NodeJS.ProcessEnv = process.env): ((trial: number) => number) | null {
  return env.SCALE_ACROSS_FAULT_WEIGHTS === '1' ? syntheticWeight : null;
}

/** 0.5 + a hash of the trial index in [0, 1): mean ≈ 1, as likelihood-ratio weights have. */
export function syntheticWeight(trial: number): number {
  let h = Math.imul(trial ^ 0x5ca1ab1e, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return 0.5 + (h >>> 0) / 2 ** 32;
}

/**
 * SCALE_ACROSS_FAULT_DISK_FULL_AFTER=N: shard files written by this process hit a full
 * disk once N bytes are written (a short write, then ENOSPC). Null when unset.
 */
export function diskFullAfterBytes(env: NodeJS.ProcessEnv = process.env): number | null {
  const value = env.SCALE_ACROSS_FAULT_DISK_FULL_AFTER;
  return value === undefined ? null : Number(value);
}

/** Runs at the end of a worker thread's start-up (workers/trial-worker.ts); see above. */
export function startupFault(threadId: number, env: NodeJS.ProcessEnv = process.env): void {
  const loadMs = Number(env.SCALE_ACROSS_FAULT_LOAD_MS ?? 0);
  if (loadMs > 0) {
    const until = performance.now() + loadMs;
    while (performance.now() < until);
  }
  const loadedDir = env.SCALE_ACROSS_FAULT_LOADED_DIR;
  if (loadedDir !== undefined) writeFileSync(join(loadedDir, String(threadId)), 'loaded\n');
}
