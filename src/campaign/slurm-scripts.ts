/**
 * The two Slurm batch scripts of a campaign spread over a cluster, as text: a job array
 * whose task i runs shard i (`run --shard-from-env`, the index from
 * SLURM_ARRAY_TASK_ID) and writes its partial result into `<out>/parts/`, and a merge
 * job that turns the parts into the result files once every task has succeeded.
 *
 * Pure: no I/O. `scale-across slurm submit` writes and submits what this returns, and
 * the examples in `deploy/slurm/` are this function's output for `SLURM_EXAMPLE` (a test
 * keeps them equal), so the scripts have one source.
 *
 * Requeue safety is the scheduler's half of a bargain: `--requeue` lets Slurm restart a
 * task whose node failed or was preempted, and a shard's part is written atomically
 * under a name fixed by its index, so a rerun replaces it with the same bytes and never
 * leaves two.
 */

export interface SlurmCampaign {
  /** The scenario file, as the compute nodes see it (absolute, on shared storage). */
  readonly config: string;
  /** The result folder, on storage every node shares (absolute). */
  readonly outDir: string;
  /** Array tasks = shards; task i runs shard i of `shards`. */
  readonly shards: number;
  /** At most this many tasks run at once (`--array=0-(N-1)%K`). */
  readonly parallel: number;
  /** CPUs per task; the task's worker pool uses exactly these. */
  readonly cpusPerTask: number;
  readonly summaryOnly: boolean;
  /** `--trials` / `--seed` overrides, passed on to every task unchanged. */
  readonly trials?: number;
  readonly seed?: number;
  /** `--partition` and `--time` of both jobs; the site's defaults when absent. */
  readonly partition?: string;
  readonly timeLimit?: string;
  /** Shell words that start scale-across on a compute node (e.g. `scale-across`). */
  readonly cli: string;
  /** Prefix of both job names (what `squeue` shows). */
  readonly jobName: string;
}

export interface SlurmScripts {
  /** The array of shard tasks. */
  readonly shards: string;
  /** The merge, to submit with `--dependency=afterok:<array job id>`. */
  readonly merge: string;
}

/** Where each script and log goes inside the result folder. */
export const SLURM_DIR = 'slurm';
export const SHARDS_SCRIPT = 'shards.sbatch';
export const MERGE_SCRIPT = 'merge.sbatch';

/** The campaign `deploy/slurm/` shows. */
export const SLURM_EXAMPLE: SlurmCampaign = {
  config: '/shared/scale-across/configs/default.yaml',
  outDir: '/shared/scale-across/results/default',
  shards: 16,
  parallel: 4,
  cpusPerTask: 4,
  summaryOnly: true,
  trials: 100_000_000,
  cli: 'scale-across',
  jobName: 'default',
};

/** `word` as one shell word: bare when it is plainly safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * A path inside an `#SBATCH` line, which sbatch reads itself (no shell): it must not
 * contain whitespace or quotes, and `%` would be taken for a file-name pattern.
 * Returns the reason it cannot be used, or null.
 */
export function sbatchPathProblem(path: string): string | null {
  if (/[\s'"\\]/.test(path)) return 'contains whitespace, a quote or a backslash, which #SBATCH lines cannot carry';
  if (path.includes('%')) return "contains '%', which Slurm reads as a file-name pattern";
  return null;
}

function commonHeader(c: SlurmCampaign, name: string, log: string): string[] {
  return [
    `#SBATCH --job-name=${c.jobName}-${name}`,
    `#SBATCH --output=${log}`,
    ...(c.partition ? [`#SBATCH --partition=${c.partition}`] : []),
    ...(c.timeLimit ? [`#SBATCH --time=${c.timeLimit}`] : []),
  ];
}

/** A log file next to the scripts; the folder must exist before the job starts. */
function logPath(c: SlurmCampaign, file: string): string {
  return `${c.outDir}/${SLURM_DIR}/${file}`;
}

/**
 * Both scripts of a campaign. `c` is already checked (the command does that); paths in
 * `#SBATCH` lines must pass `sbatchPathProblem`.
 * @example slurmScripts(SLURM_EXAMPLE).shards // the text of deploy/slurm/shards.sbatch
 */
export function slurmScripts(c: SlurmCampaign): SlurmScripts {
  const runArgs = [
    'run',
    shellQuote(c.config),
    '--shard-from-env',
    `--shards ${c.shards}`,
    `--out ${shellQuote(c.outDir)}`,
    ...(c.trials !== undefined ? [`--trials ${c.trials}`] : []),
    ...(c.seed !== undefined ? [`--seed ${c.seed}`] : []),
    ...(c.summaryOnly ? ['--summary-only'] : []),
    '--workers "${SLURM_CPUS_PER_TASK:-1}"',
    '--quiet',
  ];
  const shards = [
    '#!/bin/bash',
    `# scale-across campaign, shard tasks: ${c.shards} array tasks, at most ${c.parallel} at a time.`,
    '# Task i runs shard i of the campaign (scale-across reads i from SLURM_ARRAY_TASK_ID)',
    '# and writes its partial result atomically into <out>/parts/. --requeue lets Slurm',
    '# restart a task after a node failure or preemption: the rerun replaces its part with',
    '# the same bytes, so a requeue never corrupts or duplicates anything. The log of',
    `# every attempt is appended to <out>/${SLURM_DIR}/shard-<i>.out (that folder must exist).`,
    '#',
    '# Submit with `scale-across slurm submit`, or by hand, then the merge after it:',
    `#   array=$(sbatch --parsable ${SHARDS_SCRIPT})`,
    `#   sbatch --dependency=afterok:\${array%%;*} ${MERGE_SCRIPT}`,
    '# Arrays longer than MaxArraySize (1001 by default) need the admin to raise it.',
    ...commonHeader(c, 'shards', logPath(c, 'shard-%a.out')),
    `#SBATCH --array=0-${c.shards - 1}%${c.parallel}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${c.cpusPerTask}`,
    '#SBATCH --requeue',
    '#SBATCH --open-mode=append',
    'set -euo pipefail',
    '',
    '# The worker pool uses the CPUs Slurm gave this task, no more.',
    `exec ${c.cli} ${runArgs.join(' ')}`,
    '',
  ].join('\n');
  const merge = [
    '#!/bin/bash',
    '# scale-across campaign, merge: writes the result files from the parts in <out>/parts/,',
    '# identical to a one-machine `scale-across run` of the same scenario, seed and trials.',
    '# Submitted with --dependency=afterok:<array job id>, it starts once every shard task',
    '# has succeeded; if one fails for good, Slurm cancels this job (--kill-on-invalid-dep)',
    '# and `scale-across merge <out>` run by hand names the missing shards and how to rerun',
    '# them. It needs one CPU, and memory independent of the number of parts.',
    ...commonHeader(c, 'merge', logPath(c, 'merge.out')),
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    '#SBATCH --kill-on-invalid-dep=yes',
    'set -euo pipefail',
    '',
    `exec ${c.cli} merge ${shellQuote(c.outDir)}`,
    '',
  ].join('\n');
  return { shards, merge };
}

/** The two sbatch calls that submit the scripts in `dir`, as a user would type them. */
export function slurmSubmitCommands(dir: string): string {
  return [
    `array=$(sbatch --parsable ${shellQuote(`${dir}/${SHARDS_SCRIPT}`)})`,
    `sbatch --parsable --dependency=afterok:\${array%%;*} ${shellQuote(`${dir}/${MERGE_SCRIPT}`)}`,
  ].join('\n');
}
