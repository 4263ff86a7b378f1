import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_COUNT } from '../../src/model/metrics.js';
import { TRIALS_FILE, TrialsWriter } from '../../src/output/trials-writer.js';
import { scenarioWith, tempDir } from './fixture.js';

/**
 * Throughput of trials.arrow: a run simulates ~300k trial-scheme rows/s per core, so on
 * a many-core box the single writer must do several million rows/s to stay < 10 % of
 * the run. The rates are printed; the assertion only catches an order-of-magnitude loss.
 */
describe('TrialsWriter speed', () => {
  it('writes 1M rows (S = 4) at millions of rows/s', () => {
    const dir = tempDir();
    const path = join(dir, TRIALS_FILE);
    const S = 4;
    const trials = 250_000;
    const shardTrials = 2_500;
    const values = new Float64Array(shardTrials * S * METRIC_COUNT).map((_, i) => (i % 97) * 1.5);
    const status = new Uint8Array(shardTrials * S).map((_, i) => (i % 13 === 0 ? 1 : 0));

    /** Wall and CPU seconds (this process, all threads) to write `trialCount` trials. */
    const write = (trialCount: number): { wall: number; cpu: number } => {
      const start = process.hrtime.bigint();
      const cpuStart = process.cpuUsage();
      const writer = TrialsWriter.open(path, scenarioWith(S));
      for (let first = 0; first < trialCount; first += shardTrials) writer.appendShard(first, shardTrials, values, status);
      writer.close();
      const cpu = process.cpuUsage(cpuStart);
      return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
    };
    write(trials / 10); // warm up the JIT, as the first shards of a campaign do
    rmSync(path);
    const { wall, cpu } = write(trials);

    const rows = trials * S;
    const mb = statSync(path).size / 1e6;
    console.log(
      `trials.arrow: ${rows} rows, ${mb.toFixed(0)} MB in ${(wall * 1e3).toFixed(0)} ms wall ` +
        `(${(rows / wall / 1e6).toFixed(2)} M rows/s), ${(cpu * 1e3).toFixed(0)} ms CPU (${(rows / cpu / 1e6).toFixed(2)} M rows/s)`,
    );
    expect(readdirSync(dir)).toEqual([TRIALS_FILE]);
    // CPU time, not wall time: other test files run in parallel. A per-row JS object or
    // a per-row write would fall far below this.
    expect(rows / cpu).toBeGreaterThan(1e6);
  });
});
