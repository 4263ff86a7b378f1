/**
 * 7. What the report and Parquet cost, on one full `run` (with trials.arrow) of
 * `trials` trials of configs/default.yaml: the wall time of writing every .parquet file
 * against the run's own wall time (target < 15 %), and `report`'s time and size
 * (target < 10 s and < 3 MB at 10⁶ trials). One measurement each: these are seconds of
 * I/O and encoding, not a noisy per-trial figure.
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

export async function runReportBench(cli: string, root: string, scratch: string, trials: number, workers: number): Promise<ReportFigures> {
  const out = join(scratch, 'report-bench');
  const timed = (args: string[]) => {
    const started = performance.now();
    const p = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`scale-across ${args.join(' ')} failed: ${p.stderr}`);
    return (performance.now() - started) / 1000;
  };
  const runS = timed(['run', 'configs/default.yaml', '--trials', String(trials), '--workers', String(workers), '--quiet', '--out', out]);
  const started = performance.now();
  await writeParquet(out);
  const parquetS = (performance.now() - started) / 1000;
  const reportS = timed(['report', out]);
  const reportMb = statSync(join(out, 'report.html')).size / 1e6;
  rmSync(out, { recursive: true, force: true });
  return { runS, parquetS, parquetShare: parquetS / runS, reportS, reportMb };
}
