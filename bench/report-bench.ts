/**
 * 8. What the report and Parquet cost, on a full `run` (with trials.arrow) of `trials`
 * trials of configs/default.yaml: the wall time of writing every .parquet file against
 * the run's own wall time (target < 15 %), and `report`'s time and size (target < 10 s
 * and < 3 MB at 10⁶ trials). The run uses every core and the Parquet step one, so load
 * from other processes moves them differently: `rounds` runs, each followed by its
 * Parquet step, and the share is median Parquet over median run. The Parquet step is
 * timed in this process as `run --format arrow,parquet` pays it, with apache-arrow
 * already loaded (parquet-wasm's WebAssembly, ≈ 0.05 s, loads in the first round only).
 * The report once, on the last round's files.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeParquet } from '../src/output/parquet/write-parquet.js';

export interface ReportFigures {
  runS: number;
  parquetS: number;
  parquetShare: number;
  reportS: number;
  reportMb: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function runReportBench(cli: string, root: string, scratch: string, trials: number, workers: number, rounds = 3): Promise<ReportFigures> {
  const out = join(scratch, 'report-bench');
  const timed = (args: string[]) => {
    const started = performance.now();
    const p = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`scale-across ${args.join(' ')} failed: ${p.stderr}`);
    return (performance.now() - started) / 1000;
  };
  const runs: number[] = [];
  const parquets: number[] = [];
  for (let round = 0; round < rounds; round++) {
    rmSync(out, { recursive: true, force: true });
    runs.push(timed(['run', 'configs/default.yaml', '--trials', String(trials), '--workers', String(workers), '--quiet', '--out', out]));
    const started = performance.now();
    await writeParquet(out);
    parquets.push((performance.now() - started) / 1000);
  }
  const reportS = timed(['report', out]);
  const reportMb = statSync(join(out, 'report.html')).size / 1e6;
  rmSync(out, { recursive: true, force: true });
  const runS = median(runs);
  const parquetS = median(parquets);
  return { runS, parquetS, parquetShare: parquetS / runS, reportS, reportMb };
}
