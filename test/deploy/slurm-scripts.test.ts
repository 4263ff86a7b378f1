/**
 * The Slurm batch scripts of a campaign (`src/campaign/slurm-scripts.ts`) and the
 * `scale-across slurm submit` command that writes and submits them.
 *
 * Outside oracles: bash itself runs each generated script with a stand-in for
 * scale-across that prints its arguments, so quoting is checked by the shell that will
 * run it; sbatch's rule that `#SBATCH` lines count only before the first command; and a
 * stand-in `sbatch` on PATH that records how it was called (the real one is exercised in
 * slurm-localhost.test.ts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  SLURM_EXAMPLE,
  sbatchPathProblem,
  shellQuote,
  slurmScripts,
  type SlurmCampaign,
} from '../../src/campaign/slurm-scripts.js';
import { CLI, ROOT } from './slurm-cluster.js';

const dir = mkdtempSync(join(tmpdir(), 'slurm-scripts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CAMPAIGN: SlurmCampaign = {
  config: "/shared/my scenarios/it's.yaml",
  outDir: '/shared/results/a-b',
  shards: 4,
  parallel: 2,
  cpusPerTask: 3,
  summaryOnly: true,
  seed: 7,
  cli: `printf '%s\\n'`,
  jobName: 'demo',
};

/** The `#SBATCH` options sbatch reads: those before the first line that is not a comment. */
function directives(script: string): string[] {
  const lines = script.split('\n');
  const firstCommand = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  const before = lines.slice(0, firstCommand).filter((l) => l.startsWith('#SBATCH '));
  const all = lines.filter((l) => l.startsWith('#SBATCH '));
  expect(before).toEqual(all); // none is silently ignored
  return before.map((l) => l.slice('#SBATCH '.length));
}

function runScript(script: string, env: Record<string, string> = {}): string[] {
  const path = join(dir, 'script.sh');
  writeFileSync(path, script);
  const out = spawnSync('bash', [path], { encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
  expect(out.stderr).toBe('');
  expect(out.status).toBe(0);
  return out.stdout.trimEnd().split('\n');
}

describe('the generated Slurm scripts', () => {
  test('the shard array: N tasks, K at a time, requeue-safe, logs per task in <out>/slurm/', () => {
    expect(directives(slurmScripts(CAMPAIGN).shards)).toEqual([
      '--job-name=demo-shards',
      '--output=/shared/results/a-b/slurm/shard-%a.out',
      '--array=0-3%2',
      '--ntasks=1',
      '--cpus-per-task=3',
      '--requeue',
      '--open-mode=append',
    ]);
  });

  test('each task runs its shard from the environment with exactly the CPUs Slurm gave it', () => {
    expect(runScript(slurmScripts(CAMPAIGN).shards, { SLURM_CPUS_PER_TASK: '3' })).toEqual([
      'run', "/shared/my scenarios/it's.yaml", '--shard-from-env', '--shards', '4', '--out', '/shared/results/a-b',
      '--seed', '7', '--summary-only', '--workers', '3', '--quiet',
    ]);
  });

  test('the merge: one CPU, cancelled when the dependency can no longer be met, merges the out folder', () => {
    const { merge } = slurmScripts({ ...CAMPAIGN, partition: 'batch', timeLimit: '1-00:00:00' });
    expect(directives(merge)).toEqual([
      '--job-name=demo-merge',
      '--output=/shared/results/a-b/slurm/merge.out',
      '--partition=batch',
      '--time=1-00:00:00',
      '--ntasks=1',
      '--cpus-per-task=1',
      '--kill-on-invalid-dep=yes',
    ]);
    expect(runScript(merge)).toEqual(['merge', '/shared/results/a-b']);
  });

  test('trials and partial flags appear only when asked for', () => {
    const lines = runScript(slurmScripts({ ...CAMPAIGN, summaryOnly: false, seed: undefined as never, trials: 2048 }).shards, {});
    expect(lines).toContain('--trials');
    expect(lines).not.toContain('--summary-only');
    expect(lines).not.toContain('--seed');
    expect(lines.at(-2)).toBe('1'); // --workers without SLURM_CPUS_PER_TASK: one
  });

  test('shellQuote: bash reads back every word unchanged', () => {
    const words = ['plain/path.yaml', 'a b', "it's", '$HOME', '`x`', 'a"b', '\\', '*', ''];
    const script = `printf '%s\\n' ${words.map((w) => `${shellQuote(w)} .`).join(' ')}`;
    const out = spawnSync('bash', ['-c', script], { encoding: 'utf8' }).stdout.split('\n');
    expect(out.filter((_, i) => i % 2 === 0).slice(0, words.length)).toEqual(words);
  });

  test('paths #SBATCH lines cannot carry are named', () => {
    expect(sbatchPathProblem('/shared/results/x')).toBeNull();
    expect(sbatchPathProblem('/shared/my results')).toMatch(/whitespace/);
    expect(sbatchPathProblem('/shared/100%')).toMatch(/'%'/);
  });

  test('deploy/slurm/ holds exactly the scripts of the documented example', () => {
    const { shards, merge } = slurmScripts(SLURM_EXAMPLE);
    expect(readFileSync(join(ROOT, 'deploy/slurm/shards.sbatch'), 'utf8')).toBe(shards);
    expect(readFileSync(join(ROOT, 'deploy/slurm/merge.sbatch'), 'utf8')).toBe(merge);
  });
});

describe('scale-across slurm submit', () => {
  /** A stand-in sbatch: logs its arguments, answers with job ids 101 (as "101;cluster") then 102. */
  function fakeSbatch(behaviour: 'ok' | 'refuse'): { bin: string; log: string } {
    const bin = mkdtempSync(join(dir, 'bin-'));
    const log = join(bin, 'calls');
    const body =
      behaviour === 'ok'
        ? `echo "$@" >> ${log}; if [[ $1 == --version ]]; then echo 'slurm 0'; elif [[ $(wc -l < ${log}) -le 2 ]]; then echo '101;cluster'; else echo 102; fi`
        : `if [[ $1 == --version ]]; then echo 'slurm 0'; exit 0; fi; echo 'sbatch: error: invalid partition specified: nope' >&2; exit 1`;
    writeFileSync(join(bin, 'sbatch'), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, 'sbatch'), 0o755);
    return { bin, log };
  }

  /** The CLI as a child process; asynchronous so that the cases below run side by side. */
  function submit(args: string[], path: string): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [CLI, 'slurm', 'submit', 'configs/default.yaml', ...args], { cwd: ROOT, env: { PATH: path } }, (error, stdout, stderr) =>
        resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  }

  test.concurrent('writes both scripts into <out>/slurm/ and submits the merge with afterok on the array job', async () => {
    const { bin, log } = fakeSbatch('ok');
    const out = join(dir, 'submitted');
    const result = await submit(['--shards', '4', '--parallel', '2', '--out', out, '--cli', 'scale-across'], `${bin}:/usr/bin:/bin`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^shards: job 101 \(array 0-3, at most 2 at a time\)/m);
    expect(result.stdout).toMatch(/^merge: +job 102 /m);
    const calls = readFileSync(log, 'utf8').trimEnd().split('\n');
    expect(calls).toEqual([
      '--version',
      `--parsable ${out}/slurm/shards.sbatch`,
      `--parsable --dependency=afterok:101 ${out}/slurm/merge.sbatch`,
    ]);
    const campaign: SlurmCampaign = {
      config: join(ROOT, 'configs/default.yaml'), outDir: out, shards: 4, parallel: 2, cpusPerTask: 1,
      summaryOnly: false, cli: 'scale-across', jobName: 'default',
    };
    const expected = slurmScripts(campaign);
    expect(readFileSync(join(out, 'slurm/shards.sbatch'), 'utf8')).toBe(expected.shards);
    expect(readFileSync(join(out, 'slurm/merge.sbatch'), 'utf8')).toBe(expected.merge);
  });

  test.concurrent('--print shows the scripts and the sbatch commands, and writes and submits nothing', async () => {
    const out = join(dir, 'printed');
    // 2049 trials = 3 blocks (the last one partial): 3 shards is the most there can be.
    const result = await submit(['--shards', '3', '--trials', '2049', '--out', out, '--summary-only', '--print'], '/nonexistent');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('#SBATCH --array=0-2%3');
    expect(result.stdout).toContain(`sbatch --parsable --dependency=afterok:\${array%%;*} ${out}/slurm/merge.sbatch`);
    expect(spawnSync('test', ['-e', out]).status).toBe(1);
  });

  mkdirSync(join(dir, 'empty'), { recursive: true });
  test.concurrent.each([
    [['--shards', '0'], '--shards: must be an integer from 1 to 1000000, got 0'],
    [['--shards', '2.5'], '--shards: must be an integer'],
    [['--shards', '4', '--parallel', '5'], '--parallel: must be an integer from 1 to 4, got 5'],
    [['--shards', '4', '--cpus-per-task', '0'], '--cpus-per-task: must be an integer'],
    [['--shards', '4', '--trials', '-3'], '--trials: must be an integer'],
    [['--shards', '4', '--trials', '3072'], '--shards: 4 is more than the 3 blocks of 1024 trials in a 3072-trial campaign'],
    [['--shards', '4', '--time', 'soon'], '--time: not a Slurm time limit'],
    [['--shards', '4', '--partition', 'a b'], '--partition: not a partition name'],
    [['--shards', '4', '--out', '/tmp/my results'], '--out: /tmp/my results contains whitespace'],
    [['--shards', '4'], 'sbatch not found on PATH'],
  ])('%j → exit 2: %s', async (args, message) => {
    const result = await submit(args, join(dir, 'empty'));
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/^ {4}at /m);
    expect(result.status).toBe(2);
  });

  test.concurrent('a scenario that does not load is refused before anything is submitted', async () => {
    const result = await new Promise<{ status: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [CLI, 'slurm', 'submit', 'configs/missing.yaml', '--shards', '2'], { cwd: ROOT }, (error, _out, stderr) =>
        resolve({ status: error ? Number(error.code) : 0, stderr }),
      ),
    );
    expect(result.stderr).toContain('configs/missing.yaml');
    expect(result.status).toBe(2);
  });

  test.concurrent('sbatch refusing the job: its message, exit 1', async () => {
    const { bin } = fakeSbatch('refuse');
    const result = await submit(['--shards', '2', '--out', join(dir, 'refused'), '--partition', 'nope'], `${bin}:/usr/bin:/bin`);
    expect(result.stderr).toContain('sbatch refused the shards job: sbatch: error: invalid partition specified: nope');
    expect(result.status).toBe(1);
  });
});
