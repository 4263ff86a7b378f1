/**
 * 12. Real networks (`npm run bench`): the three targets of big, imported networks.
 *
 *   - Throughput on the real-data example `configs/real/cogentco.yaml` (Cogent's
 *     backbone: 197 places, 245 routes, three job sites, six schemes of every kind, a
 *     30-day job): whole `run --workers 1 --summary-only` processes, trials per second of
 *     wall time (the target: ≥ 20 000 per worker; the example's own 10⁶ trials, ≈ 50 s a
 *     run, median of 3) and per CPU-second of the process
 *     (what a worker does with a core to itself; on a shared machine the wall-clock rate
 *     mostly measures the other processes).
 *   - `configs/default.yaml` no more than 5 % slower per worker than before down-route
 *     sets became bitsets of any width (commit d944fef, the last one with the 31-route
 *     cap), side by side in the same run: that build is made once from git
 *     (`git archive` into the system's temporary directory, compiled with this
 *     checkout's TypeScript and packages) and its CLI and this one's run the same
 *     configuration file in alternating rounds (A B, B A, …); the figure is the ratio of
 *     the median CPU-time rates. Skipped, with the reason, where git or that commit is
 *     missing (a shallow clone).
 *   - Peak RSS of a 10⁶-trial `--summary-only` run of the Cogent example with a worker per
 *     core (target < 400 MB), from the run's own `--json`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childrenCpuS } from './children-cpu.js';
import { median } from './median.js';

/** The last commit before down-route sets could be wider than 31 routes. */
export const REFERENCE_COMMIT = 'd944fefcb8044f1e6382d9f1dd48bc69de198c27';

export interface RealNetworkBench {
  /** Cogent example, one worker: per round, trials per wall second and per CPU second. */
  readonly cogentWall: readonly number[];
  readonly cogentCpu: readonly number[];
  readonly cogentTrials: number;
  /** default.yaml, one worker, trials per CPU second per round: this build and the reference (empty when skipped). */
  readonly defaultCpu: readonly number[];
  readonly referenceCpu: readonly number[];
  readonly defaultTrials: number;
  /** Why the reference was not run, or null. */
  readonly referenceSkipped: string | null;
  /** Peak RSS of the Cogent run of `rssTrials` trials on `rssWorkers` workers, MB. */
  readonly rssMb: number;
  readonly rssTrials: number;
  readonly rssWorkers: number;
}

/**
 * The reference build's CLI, made once per machine (it is kept for later benches), or
 * why it could not be made.
 */
function referenceCli(root: string): string | { skipped: string } {
  const dir = join(tmpdir(), `scale-across-reference-${REFERENCE_COMMIT.slice(0, 12)}`);
  const cli = join(dir, 'dist/src/cli/main.js');
  if (existsSync(cli)) return cli;
  const has = spawnSync('git', ['-C', root, 'cat-file', '-e', `${REFERENCE_COMMIT}^{commit}`], { encoding: 'utf8' });
  if (has.error || has.status !== 0) return { skipped: `commit ${REFERENCE_COMMIT.slice(0, 7)} is not in this checkout (git missing or a shallow clone)` };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('sh', ['-c', `git -C "${root}" archive ${REFERENCE_COMMIT} | tar -x -C "${dir}"`], { encoding: 'utf8' });
  if (archive.status !== 0) return { skipped: `git archive failed: ${archive.stderr.trim()}` };
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  if (tsc.status !== 0 || !existsSync(cli)) {
    rmSync(dir, { recursive: true, force: true });
    return { skipped: `the reference build failed: ${(tsc.stdout + tsc.stderr).trim().slice(0, 300)}` };
  }
  return cli;
}

export function runRealNetworkBench(cli: string, root: string, scratch: string, quick: boolean, workers: number): RealNetworkBench {
  const cogent = join(root, 'configs/real/cogentco.yaml');
  const defaultConfig = join(root, 'configs/default.yaml');
  const rounds = quick ? 1 : 5;
  // The example as it is run (its 10⁶ trials, ≈ 50 s): the process's fixed ≈ 1 s
  // (start-up, the scenario, the pool) weighs as in that campaign, not as in a
  // few-second one.
  const cogentRounds = quick ? 1 : 3;
  const cogentTrials = quick ? 20_000 : 1_000_000;
  const defaultTrials = quick ? 40_000 : 200_000;

  /** One whole `run` process: [trials per wall second, per CPU second, its --json]. */
  const timed = (withCli: string, config: string, trials: number, runWorkers: number) => {
    const out = join(scratch, `real-${Math.random().toString(36).slice(2)}`);
    const cpuBefore = childrenCpuS();
    const started = performance.now();
    const args = [withCli, 'run', config, '--trials', String(trials), '--workers', String(runWorkers), '--summary-only', '--quiet', '--json', '--out', out];
    const p = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallS = (performance.now() - started) / 1000;
    const cpuS = childrenCpuS() - cpuBefore;
    rmSync(out, { recursive: true, force: true });
    if (p.status !== 0) throw new Error(`${args.slice(1).join(' ')} failed (${p.status}): ${p.stderr}`);
    return { wall: trials / wallS, cpu: trials / cpuS, json: JSON.parse(p.stdout) as { peak_rss_mb: number } };
  };

  const reference = referenceCli(root);
  const cogentWall: number[] = [];
  const cogentCpu: number[] = [];
  const defaultCpu: number[] = [];
  const referenceCpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i < cogentRounds) {
      const c = timed(cli, cogent, cogentTrials, 1);
      cogentWall.push(c.wall);
      cogentCpu.push(c.cpu);
    }
    const pair = [cli, ...(typeof reference === 'string' ? [reference] : [])];
    for (const which of i % 2 ? pair.reverse() : pair) {
      const d = timed(which, defaultConfig, defaultTrials, 1);
      (which === cli ? defaultCpu : referenceCpu).push(d.cpu);
    }
  }
  const rssTrials = quick ? 100_000 : 1_000_000;
  const rss = timed(cli, cogent, rssTrials, workers);
  return {
    cogentWall,
    cogentCpu,
    cogentTrials,
    defaultCpu,
    referenceCpu,
    defaultTrials,
    referenceSkipped: typeof reference === 'string' ? null : reference.skipped,
    rssMb: rss.json.peak_rss_mb,
    rssTrials,
    rssWorkers: workers,
  };
}

export function formatRealNetworkBench(b: RealNetworkBench): string {
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  const lines = [
    `configs/real/cogentco.yaml, ${f(b.cogentTrials)} trials, 1 worker: ${f(median(b.cogentWall))} trials/s (wall), ${f(median(b.cogentCpu))} per CPU-second (rounds: ${b.cogentCpu.map(f).join(', ')})`,
  ];
  if (b.referenceSkipped !== null) lines.push(`configs/default.yaml against ${REFERENCE_COMMIT.slice(0, 7)}: skipped (${b.referenceSkipped})`);
  else
    lines.push(
      `configs/default.yaml, ${f(b.defaultTrials)} trials, 1 worker, trials per CPU-second: this build ${f(median(b.defaultCpu))} (${b.defaultCpu.map(f).join(', ')}), ` +
        `${REFERENCE_COMMIT.slice(0, 7)} ${f(median(b.referenceCpu))} (${b.referenceCpu.map(f).join(', ')}): ${((median(b.defaultCpu) / median(b.referenceCpu) - 1) * 100).toFixed(1)} %`,
    );
  lines.push(`peak RSS, ${f(b.rssTrials)} trials of the Cogent example on ${b.rssWorkers} workers, --summary-only: ${b.rssMb.toFixed(0)} MB`);
  return lines.join('\n');
}

/** [name, ok, detail] for each target; the RSS one only at full size (10⁶ trials). */
export function realNetworkTargets(b: RealNetworkBench, full: boolean): [string, boolean, string][] {
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  const targets: [string, boolean, string][] = [
    ['real network: Cogent example per worker', median(b.cogentWall) >= 20_000, `${f(median(b.cogentWall))} trials/s (target ≥ 20 000; ${f(median(b.cogentCpu))} per CPU-second)`],
  ];
  if (b.referenceSkipped === null) {
    const ratio = median(b.defaultCpu) / median(b.referenceCpu);
    targets.push(['real network: default.yaml against the 31-route build', ratio >= 0.95, `${((ratio - 1) * 100).toFixed(1)} % per CPU-second (target: no more than 5 % slower)`]);
  }
  if (full) targets.push(['real network: peak RSS, 10⁶ Cogent trials', b.rssMb < 400, `${b.rssMb.toFixed(0)} MB (target < 400 MB)`]);
  return targets;
}

/** `node dist/bench/real-network-bench.js [--quick]`: this step alone, with its verdicts. */
if (process.argv[1]?.endsWith('real-network-bench.js')) {
  const { availableParallelism } = await import('node:os');
  const { mkdtempSync } = await import('node:fs');
  const { dirname, resolve } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const scratch = mkdtempSync(join(tmpdir(), 'scale-across-real-bench-'));
  const quick = process.argv.includes('--quick');
  const b = runRealNetworkBench(join(root, 'dist/src/cli/main.js'), root, scratch, quick, Math.max(2, availableParallelism()));
  rmSync(scratch, { recursive: true, force: true });
  console.log(formatRealNetworkBench(b));
  for (const [name, ok, detail] of realNetworkTargets(b, !quick)) console.log(`${ok ? 'PASS' : 'MISS'}  ${name}: ${detail}`);
}
