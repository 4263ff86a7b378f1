/**
 * Throughput of the trials.arrow writer alone: a run simulates ~300k trial-scheme rows/s
 * per core, so on a many-core box the single writer must do several million rows/s to
 * stay < 10 % of the run. CPU time is reported besides wall time (a shared machine
 * slows the wall clock, not the CPU cost). Was a timed assertion in the test suite;
 * timings live here.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../src/config/index.js';
import { METRIC_COUNT } from '../src/model/metrics.js';
import { TRIALS_FILE, TrialsWriter } from '../src/output/trials-writer.js';

export interface TrialsWriterFigures {
  rows: number;
  mb: number;
  wallS: number;
  cpuS: number;
}

/** Writes `trials` trials of configs/default.yaml's schemes, in shards of 2 500, after a warm-up tenth. */
export function measureTrialsWriter(trials = 250_000): TrialsWriterFigures {
  const scenario = loadScenarioFile(fileURLToPath(new URL('../../configs/default.yaml', import.meta.url)));
  const S = scenario.schemes.length;
  const shardTrials = 2_500;
  const values = new Float64Array(shardTrials * S * METRIC_COUNT).map((_, i) => (i % 97) * 1.5);
  const status = new Uint8Array(shardTrials * S).map((_, i) => (i % 13 === 0 ? 1 : 0));
  const weights = new Float64Array(shardTrials).fill(1);
  const dir = mkdtempSync(join(tmpdir(), 'scale-across-bench-writer-'));
  const path = join(dir, TRIALS_FILE);
  const write = (trialCount: number) => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const writer = TrialsWriter.open(path, scenario);
    for (let first = 0; first < trialCount; first += shardTrials) writer.appendShard(first, shardTrials, values, status, weights);
    writer.close();
    const cpu = process.cpuUsage(cpuStart);
    return { wallS: (performance.now() - start) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
  };
  try {
    write(trials / 10); // warm up the JIT, as the first shards of a campaign do
    rmSync(path);
    const { wallS, cpuS } = write(trials);
    return { rows: trials * S, mb: statSync(path).size / 1e6, wallS, cpuS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatTrialsWriter(f: TrialsWriterFigures): string {
  return (
    `${f.rows} rows, ${f.mb.toFixed(0)} MB in ${(f.wallS * 1e3).toFixed(0)} ms wall (${(f.rows / f.wallS / 1e6).toFixed(2)} M rows/s), ` +
    `${(f.cpuS * 1e3).toFixed(0)} ms CPU (${(f.rows / f.cpuS / 1e6).toFixed(2)} M rows/s)`
  );
}
