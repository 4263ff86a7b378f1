/**
 * The worker pool never terminates a thread that is still loading its modules: Node
 * aborts the whole process when a thread is terminated while its ES module graph is
 * being instantiated (src/campaign/worker-pool.ts). Fault injection makes start-up
 * take 300 ms and has each thread mark when it has loaded; the pool is destroyed while
 * threads are loading, and every thread it started must have loaded first.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShardFailure, WorkerPool } from '../../src/campaign/worker-pool.js';
import { parseScenarioText } from '../../src/config/index.js';
import { SCENARIO_YAML } from '../fixtures/campaign-scenario.js';

const scenario = parseScenarioText(SCENARIO_YAML, 'test');
const FAULTS = ['SCALE_ACROSS_FAULT_LOAD_MS', 'SCALE_ACROSS_FAULT_LOADED_DIR', 'SCALE_ACROSS_FAULT_EXIT_TRIAL'] as const;
let loadedDir: string;

// Worker threads copy process.env when they start.
beforeEach(() => {
  loadedDir = mkdtempSync(join(tmpdir(), 'scale-across-pool-'));
  process.env.SCALE_ACROSS_FAULT_LOAD_MS = '300';
  process.env.SCALE_ACROSS_FAULT_LOADED_DIR = loadedDir;
});

afterEach(() => {
  for (const name of FAULTS) delete process.env[name];
  rmSync(loadedDir, { recursive: true, force: true });
});

describe('destroying the worker pool', () => {
  it('right after creating it waits until both threads have loaded', async () => {
    const pool = new WorkerPool({ scenarios: [scenario], campaignHash: '0'.repeat(64) }, 2);
    await pool.destroy();
    expect(readdirSync(loadedDir)).toHaveLength(2);
  });

  it('after a thread died twice waits until its replacement has loaded (the failed campaign’s case)', async () => {
    process.env.SCALE_ACROSS_FAULT_EXIT_TRIAL = '5';
    const pool = new WorkerPool({ scenarios: [scenario], campaignHash: '0'.repeat(64) }, 1);
    await expect(pool.run({ first: 0, count: 10, perTrial: false })).rejects.toThrow(ShardFailure);
    // piscina has started a third thread to replace the second one that died.
    await pool.destroy();
    expect(readdirSync(loadedDir)).toHaveLength(3);
  });
});
