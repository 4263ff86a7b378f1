/**
 * The scale-out targets (`npm run bench`, entries 9 and 10):
 *
 *   9. `merge` of the 1 000 parts of a 10⁸-trial --summary-only campaign of
 *      configs/default.yaml: wall time and peak RSS. Its parts are made by real shard
 *      tasks (`run --trials 100000000 --summary-only --shard i/1000`), but making all
 *      1 000 is 10⁸ trials of simulation (≈ 20 min of both cores) and ≈ 10 GB of disk: too
 *      much for a bench. A part's size and merge cost hardly depend on its index (every
 *      part is 90–105 blocks, its boundaries on multiples of 8), and the merge streams
 *      the parts one after the other with a bounded state (one partial result and a
 *      rank-sketch frontier of at most ⌊log₂ blocks⌋ + 1 nodes). So the merge of k = 1
 *      and of k real consecutive parts is timed (`merge --partial`: the other shards are
 *      skipped; the fastest of 3 merges each), and the 1 000-part time is projected as
 *      t(1) + 999 · (t(k) − t(1)) / (k − 1). The projection errs high: the summary
 *      quantiles, read once at the end, cost more with more frontier nodes (2 after part
 *      0, 3–5 after k parts), and t(k) − t(1) counts that once-only growth as per-part
 *      work. The peak RSS is measured at
 *      1 and at k parts (not projected: the frontier grows with log₂ of the blocks, the
 *      rest is the garbage collector's slack).
 *  10. A Slurm job array on this machine (scripts/slurm-localhost.sh: one node, all its
 *      cores): `slurm submit --shards 4 --parallel 2` against one local `run` of the same
 *      trials, both over the whole wall time of the command (process start-up, worker
 *      pools, Slurm's scheduling and the dependent merge included): the array's
 *      throughput as a share of the local one. Skipped with a note where Slurm is not
 *      installed (`scripts/slurm-localhost.sh` installs it; the bench does not).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { median } from './median.js';

const PARTS = 1000;
const TRIALS_1E8 = 100_000_000;

export interface MergeBench {
  /** Real parts merged in the larger merge. */
  readonly k: number;
  readonly partMb: number;
  readonly oneS: number;
  readonly kS: number;
  readonly perPartS: number;
  /** t(1) + 999 · per part. */
  readonly projectedS: number;
  /** The same from the merge's CPU time (user + system): what the wall time is on an idle machine. */
  readonly projectedCpuS: number;
  readonly oneRssMb: number;
  readonly kRssMb: number;
  /** The 1-minute load average when the merges were timed (the machine may be shared). */
  readonly load: number;
}

/** Merges timed per figure: the fastest of them stands for the merge (a busy machine only ever adds time). */
const ROUNDS = 3;

/** `merge` as its own process, ROUNDS times: the least wall and CPU time, the largest peak RSS. */
function timeMerge(root: string, out: string): { s: number; cpuS: number; rssMb: number } {
  const rounds = Array.from({ length: ROUNDS }, () => timeMergeOnce(root, out));
  return { s: Math.min(...rounds.map((r) => r.s)), cpuS: Math.min(...rounds.map((r) => r.cpuS)), rssMb: Math.max(...rounds.map((r) => r.rssMb)) };
}

/** `merge` as its own process (a rerun over the result files it left: the same work), timed and its peak RSS read from inside (process.resourceUsage). */
function timeMergeOnce(root: string, out: string): { s: number; cpuS: number; rssMb: number } {
  const script = `
    const { mergeParts } = await import(${JSON.stringify(join(root, 'dist/src/campaign/parts-merge.js'))});
    const t = performance.now();
    const cpu = process.cpuUsage();
    mergeParts({ outDir: ${JSON.stringify(out)}, partial: true });
    const used = process.cpuUsage(cpu);
    process.stdout.write(JSON.stringify({ s: (performance.now() - t) / 1000, cpuS: (used.user + used.system) / 1e6, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const p = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`merge of ${out} failed (${p.status}): ${p.stderr}`);
  return JSON.parse(p.stdout) as { s: number; cpuS: number; rssMb: number };
}

export function runMergeBench(cli: string, root: string, scratch: string, k: number): MergeBench {
  const out = join(scratch, 'merge-1e8');
  for (let i = 0; i < k; i++) {
    const p = spawnSync(
      process.execPath,
      [cli, 'run', join(root, 'configs/default.yaml'), '--trials', String(TRIALS_1E8), '--summary-only', '--shard', `${i}/${PARTS}`, '--out', out, '--quiet'],
      { cwd: root, encoding: 'utf8' },
    );
    if (p.status !== 0) throw new Error(`shard ${i}/${PARTS} failed (${p.status}): ${p.stderr}`);
  }
  const partsDir = join(out, 'parts');
  const names = readdirSync(partsDir).sort();
  const partMb = names.reduce((n, name) => n + statSync(join(partsDir, name)).size, 0) / names.length / 2 ** 20;
  // The larger merge first: the page cache then holds every part for both.
  const many = timeMerge(root, out);
  const aside = join(scratch, 'merge-1e8-aside');
  rmSync(aside, { recursive: true, force: true });
  spawnSync('mkdir', ['-p', aside]);
  for (const name of names.slice(1)) spawnSync('mv', [join(partsDir, name), aside]);
  const one = timeMerge(root, out);
  const load = loadavg()[0]!;
  rmSync(out, { recursive: true, force: true });
  rmSync(aside, { recursive: true, force: true });
  const perPartS = (many.s - one.s) / (k - 1);
  const projectedCpuS = one.cpuS + ((PARTS - 1) * (many.cpuS - one.cpuS)) / (k - 1);
  return { k, partMb, oneS: one.s, kS: many.s, perPartS, projectedS: one.s + (PARTS - 1) * perPartS, projectedCpuS, oneRssMb: one.rssMb, kRssMb: many.rssMb, load };
}

export function formatMergeBench(m: MergeBench): string {
  return [
    `parts of ${m.partMb.toFixed(1)} MB each (${((m.partMb * PARTS) / 1024).toFixed(1)} GB for all ${PARTS})`,
    `merge of 1 part ${m.oneS.toFixed(2)} s, of ${m.k} parts ${m.kS.toFixed(2)} s: ${m.perPartS.toFixed(3)} s per part`,
    `projected merge of ${PARTS} parts: ${m.projectedS.toFixed(0)} s (from CPU time: ${m.projectedCpuS.toFixed(0)} s); peak RSS ${m.oneRssMb.toFixed(0)} MB (1 part), ${m.kRssMb.toFixed(0)} MB (${m.k} parts); load average ${m.load.toFixed(1)}`,
  ].join('\n');
}

export type SlurmBench =
  | { readonly skipped: string }
  | {
      readonly trials: number;
      readonly localS: number;
      /** Submission to the last shard task's end. */
      readonly arrayS: number;
      /** Submission to the merge's end: the result files written. */
      readonly totalS: number;
      readonly share: number;
      readonly arrayShare: number;
      /** Every round, interleaved: local s, array-with-merge s. */
      readonly rounds: readonly (readonly [number, number])[];
    };

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED']);

/** Job records (`scontrol show job`): state and end time (whole seconds) of each, one per array task. */
function records(jobId: string): { state: string; task: string | null; end: number }[] {
  const out = spawnSync('scontrol', ['show', 'job', '--oneliner', jobId], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`scontrol show job ${jobId}: ${out.stderr}`);
  return out.stdout
    .split('\n')
    .filter((line) => line.startsWith('JobId='))
    .map((line) => ({
      state: /JobState=(\S+)/.exec(line)![1]!,
      task: /ArrayTaskId=(\S+)/.exec(line)?.[1] ?? null,
      end: Date.parse(/EndTime=(\S+)/.exec(line)?.[1] ?? ''),
    }));
}

/** Polls until every record of `jobId` is final; throws if one did not complete. */
async function waitFinal(jobId: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rs = records(jobId);
    if (rs.every((r) => FINAL.has(r.state) && !/[-,%]/.test(r.task ?? ''))) {
      const failed = rs.filter((r) => r.state !== 'COMPLETED');
      if (failed.length > 0) throw new Error(`Slurm job ${jobId}: ${failed.map((r) => `${r.task ?? ''}:${r.state}`).join(' ')}`);
      return;
    }
    if (Date.now() > until) throw new Error(`Slurm job ${jobId} not finished after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function slurmUp(root: string): string | null {
  if (spawnSync('sh', ['-c', 'command -v sbatch']).status !== 0) return 'Slurm is not installed (scripts/slurm-localhost.sh installs it)';
  const start = spawnSync('bash', [join(root, 'scripts/slurm-localhost.sh')], { encoding: 'utf8', timeout: 120_000 });
  return start.status === 0 ? null : `scripts/slurm-localhost.sh failed: ${`${start.stdout}${start.stderr}`.trim().split('\n').pop()}`;
}

export async function runSlurmBench(cli: string, root: string, scratch: string, trials: number, rounds: number, cores: number): Promise<SlurmBench> {
  const down = slurmUp(root);
  if (down !== null) return { skipped: down };
  const config = join(root, 'configs/default.yaml');
  const local: number[] = [];
  const array: number[] = [];
  const total: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const localOut = join(scratch, `slurm-local-${round}`);
    let t = performance.now();
    const p = spawnSync(process.execPath, [cli, 'run', config, '--trials', String(trials), '--summary-only', '--workers', String(cores), '--quiet', '--out', localOut], {
      cwd: root,
      encoding: 'utf8',
    });
    if (p.status !== 0) throw new Error(`local run failed (${p.status}): ${p.stderr}`);
    local.push((performance.now() - t) / 1000);
    rmSync(localOut, { recursive: true, force: true });

    const out = join(scratch, `slurm-array-${round}`);
    const submittedAt = Date.now();
    t = performance.now();
    const submit = spawnSync(
      process.execPath,
      [cli, 'slurm', 'submit', config, '--shards', '4', '--parallel', String(cores), '--cpus-per-task', '1', '--trials', String(trials), '--summary-only', '--out', out],
      { cwd: root, encoding: 'utf8' },
    );
    if (submit.status !== 0) throw new Error(`slurm submit failed (${submit.status}): ${submit.stderr}`);
    const arrayJob = /^shards: job (\d+)/m.exec(submit.stdout)?.[1];
    const mergeJob = /^merge: +job (\d+)/m.exec(submit.stdout)?.[1];
    if (!arrayJob || !mergeJob) throw new Error(`no job ids in:\n${submit.stdout}`);
    await waitFinal(arrayJob, 3_600_000);
    await waitFinal(mergeJob, 3_600_000);
    total.push((performance.now() - t) / 1000);
    // The array's end from Slurm's own records (whole seconds), not from our polling.
    const lastEnd = Math.max(...records(arrayJob).map((r) => r.end));
    array.push(Math.max(0, lastEnd - submittedAt) / 1000);
    rmSync(out, { recursive: true, force: true });
  }
  const localS = median(local);
  const totalS = median(total);
  const arrayS = median(array);
  const each = local.map((l, i) => [l, total[i]!] as const);
  return { trials, localS, arrayS, totalS, share: localS / totalS, arrayShare: localS / arrayS, rounds: each };
}

export function formatSlurmBench(b: SlurmBench, cores: number): string {
  if ('skipped' in b) return `skipped: ${b.skipped}`;
  const rate = (s: number) => Math.round(b.trials / s).toLocaleString('en-US');
  return [
    `${b.trials.toLocaleString('en-US')} trials of configs/default.yaml, --summary-only, whole commands:`,
    `local run --workers ${cores}: ${b.localS.toFixed(1)} s (${rate(b.localS)} trials/s)`,
    `slurm submit --shards 4 --parallel ${cores} --cpus-per-task 1: result files after ${b.totalS.toFixed(1)} s (${rate(b.totalS)} trials/s, ` +
      `${(b.share * 100).toFixed(1)} % of local); last shard task done after ≈ ${b.arrayS.toFixed(0)} s (${(b.arrayShare * 100).toFixed(0)} %)`,
    `rounds (local s / array s): ${b.rounds.map(([l, a]) => `${l.toFixed(1)} / ${a.toFixed(1)}`).join(', ')}`,
  ].join('\n');
}
