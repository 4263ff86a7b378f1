/**
 * 8. What the report and Parquet cost, on a full `run` (with trials.arrow) of `trials`
 * trials of configs/default.yaml: `run --format arrow,parquet` against `run` alone,
 * side by side (target: Parquet adds < 15 % to the run's wall time), and `report`'s time
 * and size (targets < 10 s and < 3 MB at 10⁶ trials). A campaign writes trials.parquet
 * as it runs (src/output/parquet/parquet-thread.ts), so only whole runs measure it. Load
 * from other processes moves the runs, so they alternate (A B, B A, …), `rounds` of
 * each, each started with the page cache written back, and the share is of the medians. Each run's CPU time (user + sys of the process and its threads) is
 * taken too: under load the wall times move a lot, the CPU Parquet adds much less. For comparison, the conversion of a finished folder (how Parquet
 * was written before, after the run) is timed once, in this process.
 * The report once, on the last run's files.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { childrenCpuS } from './children-cpu.js';
import { writeParquet } from '../src/output/parquet/write-parquet.js';
import { median } from './median.js';

export interface ReportFigures {
  /** Median wall time of `run` alone and of `run --format arrow,parquet`. */
  runS: number;
  parquetRunS: number;
  /** (parquetRunS − runS) / runS. */
  parquetShare: number;
  /** Median CPU time (user + sys) of `run` alone and with Parquet (NaN where /proc is missing), and (parquet − plain) / plain. */
  runCpuS: number;
  parquetRunCpuS: number;
  parquetCpuShare: number;
  /** Median time to convert a finished folder afterwards, and its share of runS. */
  convertS: number;
  convertShare: number;
  reportS: number;
  reportMb: number;
}

export async function runReportBench(cli: string, root: string, scratch: string, trials: number, workers: number, rounds = 3): Promise<ReportFigures> {
  const out = join(scratch, 'report-bench');
  /** The last timed command's CPU seconds. */
  let cpuS = Number.NaN;
  const timed = (args: string[]) => {
    const started = performance.now();
    const cpuBefore = childrenCpuS();
    const p = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`scale-across ${args.join(' ')} failed: ${p.stderr}`);
    cpuS = childrenCpuS() - cpuBefore;
    return (performance.now() - started) / 1000;
  };
  const run = (extra: string[]) => {
    rmSync(out, { recursive: true, force: true });
    return timed(['run', 'configs/default.yaml', '--trials', String(trials), '--workers', String(workers), '--quiet', '--out', out, ...extra]);
  };
  const plain: number[] = [];
  const withParquet: number[] = [];
  const plainCpu: number[] = [];
  const withParquetCpu: number[] = [];
  const converts: number[] = [];
  // Each run starts with the page cache clean (`sync`): a run writes ≈ 0.6 GB per 10⁶
  // trials, and the kernel writing back the one before it during the next would be
  // charged to the next. The pair's order alternates (A B, B A, …) so that neither run
  // always follows the other.
  const clean = () => spawnSync('sync');
  const timePlain = () => {
    clean();
    plain.push(run([]));
    plainCpu.push(cpuS);
  };
  const timeParquet = () => {
    clean();
    withParquet.push(run(['--format', 'arrow,parquet']));
    withParquetCpu.push(cpuS);
  };
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      timeParquet();
      timePlain();
    } else {
      timePlain();
      timeParquet();
    }
  }
  // Converting afterwards: the last plain run's files (rounds end on a plain run when
  // odd), else a fresh one.
  if (rounds % 2 === 0) run([]);
  clean();
  const started = performance.now();
  await writeParquet(out);
  converts.push((performance.now() - started) / 1000);
  const reportS = timed(['report', out]);
  const reportMb = statSync(join(out, 'report.html')).size / 1e6;
  rmSync(out, { recursive: true, force: true });
  const runS = median(plain);
  const parquetRunS = median(withParquet);
  const convertS = median(converts);
  const runCpuS = median(plainCpu);
  const parquetRunCpuS = median(withParquetCpu);
  return {
    runS,
    parquetRunS,
    parquetShare: (parquetRunS - runS) / runS,
    runCpuS,
    parquetRunCpuS,
    parquetCpuShare: (parquetRunCpuS - runCpuS) / runCpuS,
    convertS,
    convertShare: convertS / runS,
    reportS,
    reportMb,
  };
}

/** `node dist/bench/report-bench.js [trials] [rounds]`: this step alone. */
if (process.argv[1]?.endsWith('report-bench.js')) {
  const { cpus } = await import('node:os');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { dirname, resolve } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const scratch = mkdtempSync(join(tmpdir(), 'scale-across-report-bench-'));
  const trials = Number(process.argv[2] ?? 100_000);
  const r = await runReportBench(join(root, 'dist/src/cli/main.js'), root, scratch, trials, cpus().length, Number(process.argv[3] ?? 3));
  rmSync(scratch, { recursive: true, force: true });
  const { loadavg } = await import('node:os');
  console.log(
    `${trials} trials, ${cpus().length} workers: run ${r.runS.toFixed(2)} s, with Parquet ${r.parquetRunS.toFixed(2)} s (+${(r.parquetShare * 100).toFixed(1)} %; ` +
      `CPU ${r.runCpuS.toFixed(2)} → ${r.parquetRunCpuS.toFixed(2)} s, +${(r.parquetCpuShare * 100).toFixed(1)} %; converting afterwards ${r.convertS.toFixed(2)} s, ${(r.convertShare * 100).toFixed(1)} %); ` +
      `report ${r.reportS.toFixed(1)} s, ${r.reportMb.toFixed(2)} MB; load average at the end ${loadavg()[0]!.toFixed(1)}`,
  );
}
