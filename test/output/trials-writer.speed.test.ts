import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_COUNT } from '../../src/model/metrics.js';
import { TRIALS_FILE, TrialsWriter } from '../../src/output/trials-writer.js';
import { scenarioWith, tempDir } from './fixture.js';

/**
 * Throughput of trials.arrow: a run simulates ~300k trial-scheme rows/s per core, so on
 * a many-core box the single writer must do several million rows/s to stay < 10 % of
 * the run. The assertion is deliberately loose (slow CI disks); the rate is printed.
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

    const write = (trialCount: number): number => {
      const start = process.hrtime.bigint();
      const writer = TrialsWriter.open(path, scenarioWith(S));
      for (let first = 0; first < trialCount; first += shardTrials) writer.appendShard(first, shardTrials, values, status);
      writer.close();
      return Number(process.hrtime.bigint() - start) / 1e9;
    };
    write(trials / 10); // warm up the JIT, as the first shards of a campaign do
    rmSync(path);
    const seconds = write(trials);

    const rows = trials * S;
    const rate = rows / seconds;
    const mb = statSync(path).size / 1e6;
    console.log(`trials.arrow: ${rows} rows, ${mb.toFixed(0)} MB in ${(seconds * 1e3).toFixed(0)} ms = ${(rate / 1e6).toFixed(2)} M rows/s`);
    expect(readdirSync(dir)).toEqual([TRIALS_FILE]);
    expect(rate).toBeGreaterThan(5e5);
  });
});
