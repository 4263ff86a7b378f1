/**
 * 11. Rare events (`npm run bench`): importance sampling against plain Monte Carlo on
 * configs/metro-triad.yaml, the two targets:
 *
 *   - the paired Δ mean JCT of `1+1` against `ideal` and of `1+1+restore` against
 *     `restore`, each with a 95 % CI half-width ≤ 10 % of the estimate from ≤ 10⁶ trials,
 *     and the variance reduction against plain Monte Carlo at equal trials;
 *   - the cost per trial of a weighted run ≤ 1.3 × a plain run.
 *
 * Both runs are real `run` processes with `--schemes ideal,1+1,restore,1+1+restore` and
 * the same seed and trials. comparison.arrow compares against the first scheme only, so
 * both differences are rebuilt from trials.arrow's rows and `weight` column:
 * Δᵢ = wᵢ (xᵢ(a) − xᵢ(b)), mean and Student's t interval over the trials (the estimator
 * of docs/model.md#rare-events). One scheme set serves both targets because the weight
 * stops at the last scheme's job end, which depends on the schemes run. The `1+1`
 * difference is checked against comparison.arrow's, so the rebuild reads the rows right.
 *
 * Variance reduction at equal trials: plain Monte Carlo's variance of a difference over
 * the weighted run's. The plain variance is estimated from the weighted run itself
 * ((1/n) Σ wᵢ dᵢ² − Δ²), because a plain run of 10⁵ trials draws the double failure
 * that decides `1+1` − `ideal` about once, so its own sample variance is mostly luck;
 * that ratio is printed too. At equal time divide by the cost ratio.
 *
 * The weighted scenario is the file's own commented `rare_events:` line, uncommented
 * into a scratch copy (the run command has no `--set`, and `--importance-sampling`
 * alone leaves all_up_factor at 1): one source of truth for the biasing the bench uses.
 *
 * Cost: CPU time (user + system, /usr/bin/time) of each whole process, the runs
 * alternating, `rounds` of each; the ratio of the medians. CPU time, not wall time,
 * because the machine is shared.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordBatchReader } from 'apache-arrow';
import { tQuantile } from '../src/stats/student-t.js';
import { median } from './median.js';

const SCHEMES = ['ideal', '1+1', 'restore', '1+1+restore'] as const;
/** [scheme, baseline]: the two targets. */
const PAIRS = [
  ['1+1', 'ideal'],
  ['1+1+restore', 'restore'],
] as const;

export interface DifferenceEstimate {
  readonly scheme: string;
  readonly baseline: string;
  /** Mean of wᵢ (xᵢ(scheme) − xᵢ(baseline)), hours. */
  readonly mean: number;
  /** Sample variance of the per-trial products, hours². */
  readonly variance: number;
  /**
   * The variance of the unweighted difference under the true law, estimated from this
   * run: (1/n) Σ wᵢ dᵢ² − mean². For a plain run it is the sample variance; from a
   * weighted run it is what plain Monte Carlo's variance is, rare events included, even
   * where a plain run of the same trials has drawn none of them (its sample variance
   * then leaves them out and flatters it).
   */
  readonly trueLawVariance: number;
  /** 95 % Student's t half-width, hours. */
  readonly halfWidth: number;
  /** Trials whose product is not zero. */
  readonly nonZero: number;
}

export interface RunEstimates {
  readonly trials: number;
  readonly differences: readonly DifferenceEstimate[];
  readonly meanWeight: number;
  /** 95 % half-width of the mean weight. */
  readonly meanWeightHalfWidth: number;
  /** Kish effective sample size, (Σw)² / Σw². */
  readonly kishEss: number;
  /** CPU seconds (user + system) of each repeat. */
  readonly cpuS: number[];
}

export interface RareEventsBench {
  readonly trials: number;
  readonly plain: RunEstimates;
  readonly weighted: RunEstimates;
  /** Per pair: plain run's sample variance / weighted variance of the per-trial products (equal trials). */
  readonly varianceReduction: readonly number[];
  /** Per pair: the same with the plain variance estimated from the weighted run (see {@link DifferenceEstimate.trueLawVariance}). */
  readonly trueLawVarianceReduction: readonly number[];
  /** Median CPU time of a weighted run / of a plain run. */
  readonly costRatio: number;
  readonly command: string;
}

/** configs/metro-triad.yaml with its commented `rare_events:` line in force. */
export function weightedConfig(root: string, scratch: string): string {
  const text = readFileSync(join(root, 'configs/metro-triad.yaml'), 'utf8');
  const line = /^# (rare_events: .*)$/m;
  if (!line.test(text)) throw new Error('configs/metro-triad.yaml: no commented `# rare_events: …` line to enable');
  const path = join(scratch, 'metro-triad-rare.yaml');
  writeFileSync(path, text.replace(line, '$1'));
  return path;
}

/** One `run` process; CPU seconds from /usr/bin/time. */
function timedRun(cli: string, root: string, config: string, trials: number, workers: number, out: string): number {
  const timeFile = `${out}.time`;
  rmSync(out, { recursive: true, force: true });
  const p = spawnSync(
    '/usr/bin/time',
    ['-f', '%U %S', '-o', timeFile, process.execPath, cli, 'run', config, '--schemes', SCHEMES.join(','), '--trials', String(trials), '--workers', String(workers), '--quiet', '--out', out],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (p.status !== 0) throw new Error(`run ${config} failed (${p.status}): ${p.stderr}`);
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  rmSync(timeFile, { force: true });
  return user! + system!;
}

/** The paired differences of {@link PAIRS} and the weight diagnostics, from trials.arrow. */
export function estimatesFromTrials(out: string): Omit<RunEstimates, 'cpuS'> {
  const column = new Map<string, number>(SCHEMES.map((s, i) => [s, i]));
  const jct = new Float64Array(SCHEMES.length);
  const sums = PAIRS.map(() => ({ n: 0, mean: 0, m2: 0, nonZero: 0, wd2: 0 }));
  let trials = 0;
  let sumW = 0;
  let sumW2 = 0;
  let current = -1;
  let weight = 1;
  const closeTrial = () => {
    if (current < 0) return;
    trials++;
    sumW += weight;
    sumW2 += weight * weight;
    PAIRS.forEach(([a, b], k) => {
      const raw = jct[column.get(a)!]! - jct[column.get(b)!]!;
      const d = weight * raw;
      const s = sums[k]!;
      s.wd2 += weight * raw * raw;
      s.n++;
      const delta = d - s.mean;
      s.mean += delta / s.n;
      s.m2 += delta * (d - s.mean);
      if (d !== 0) s.nonZero++;
    });
  };
  for (const batch of RecordBatchReader.from(readFileSync(join(out, 'trials.arrow')))) {
    const trialCol = batch.getChild('trial')!;
    const schemeCol = batch.getChild('scheme')!;
    const jctCol = batch.getChild('jct_h')!;
    const weightCol = batch.getChild('weight');
    for (let r = 0; r < batch.numRows; r++) {
      const trial = trialCol.get(r) as number;
      if (trial !== current) {
        closeTrial();
        current = trial;
      }
      const i = column.get(schemeCol.get(r) as string);
      if (i === undefined) throw new Error(`${out}/trials.arrow: unexpected scheme ${String(schemeCol.get(r))}`);
      jct[i] = jctCol.get(r) as number;
      weight = weightCol === null ? 1 : (weightCol.get(r) as number);
    }
  }
  closeTrial();
  const t = tQuantile(0.975, trials - 1);
  return {
    trials,
    meanWeight: sumW / trials,
    meanWeightHalfWidth: t * Math.sqrt((sumW2 - (sumW * sumW) / trials) / (trials - 1) / trials),
    kishEss: (sumW * sumW) / sumW2,
    differences: PAIRS.map(([scheme, baseline], k) => {
      const s = sums[k]!;
      const variance = s.m2 / (s.n - 1);
      return { scheme, baseline, mean: s.mean, variance, trueLawVariance: s.wd2 / s.n - s.mean * s.mean, halfWidth: t * Math.sqrt(variance / s.n), nonZero: s.nonZero };
    }),
  };
}

/** comparison.arrow's mean_diff of jct_h for `scheme` (against the first scheme, ideal). */
function comparisonMean(out: string, scheme: string): number {
  for (const batch of RecordBatchReader.from(readFileSync(join(out, 'comparison.arrow'))))
    for (let r = 0; r < batch.numRows; r++)
      if (batch.getChild('scheme')!.get(r) === scheme && batch.getChild('metric')!.get(r) === 'jct_h') return batch.getChild('mean_diff')!.get(r) as number;
  throw new Error(`${out}/comparison.arrow: no jct_h row for ${scheme}`);
}

export function runRareEventsBench(cli: string, root: string, scratch: string, trials: number, workers: number, rounds: number): RareEventsBench {
  const plainConfig = join(root, 'configs/metro-triad.yaml');
  const isConfig = weightedConfig(root, scratch);
  const outs = { plain: join(scratch, 'rare-plain'), weighted: join(scratch, 'rare-weighted') };
  const cpu = { plain: [] as number[], weighted: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    cpu.plain.push(timedRun(cli, root, plainConfig, trials, workers, outs.plain));
    cpu.weighted.push(timedRun(cli, root, isConfig, trials, workers, outs.weighted));
  }
  const read = (out: string, cpuS: number[]): RunEstimates => {
    const e = estimatesFromTrials(out);
    const fromFile = comparisonMean(out, '1+1');
    const rebuilt = e.differences[0]!.mean;
    if (Math.abs(rebuilt - fromFile) > 1e-9 * Math.max(1e-12, Math.abs(fromFile)) + 1e-15)
      throw new Error(`${out}: Δ mean JCT 1+1 − ideal rebuilt from trials.arrow ${rebuilt} ≠ comparison.arrow ${fromFile}`);
    rmSync(out, { recursive: true, force: true });
    return { ...e, cpuS };
  };
  const plain = read(outs.plain, cpu.plain);
  const weighted = read(outs.weighted, cpu.weighted);
  return {
    trials,
    plain,
    weighted,
    varianceReduction: plain.differences.map((d, k) => d.variance / weighted.differences[k]!.variance),
    trueLawVarianceReduction: weighted.differences.map((d) => d.trueLawVariance / d.variance),
    costRatio: median(cpu.weighted) / median(cpu.plain),
    command: `scale-across run configs/metro-triad.yaml --schemes ${SCHEMES.join(',')} --trials ${trials} --workers ${workers} (plain; and with its rare_events line uncommented)`,
  };
}

/** Relative half-width of a difference, as a percentage string. */
export const relativeHalfWidth = (d: DifferenceEstimate): number => d.halfWidth / Math.abs(d.mean);

/**
 * The targets as [name, ok, detail]: each difference to ≤ 10 % from ≤ 10⁶
 * trials (only when `judgePrecision`: a --quick run has too few trials to), and the
 * cost per trial ≤ 1.3 ×.
 */
export function rareEventTargets(b: RareEventsBench, judgePrecision: boolean): [string, boolean, string][] {
  const out: [string, boolean, string][] = [];
  if (judgePrecision)
    for (const d of b.weighted.differences) {
      const rel = relativeHalfWidth(d);
      out.push([
        `rare events: Δ mean JCT ${d.scheme} − ${d.baseline}`,
        rel <= 0.1 && b.trials <= 1_000_000,
        `${d.mean.toExponential(3)} h ± ${(rel * 100).toFixed(1)} % from ${b.trials.toLocaleString('en-US')} weighted trials (target ≤ 10 % from ≤ 10⁶)`,
      ]);
    }
  out.push(['rare events: cost per weighted trial', b.costRatio <= 1.3, `${b.costRatio.toFixed(2)} × a plain trial's CPU time (target ≤ 1.3 ×)`]);
  return out;
}

export function formatRareEventsBench(b: RareEventsBench): string {
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '∞');
  const lines = [`${b.trials.toLocaleString('en-US')} trials each, ${b.command}`];
  b.weighted.differences.forEach((w, k) => {
    const p = b.plain.differences[k]!;
    lines.push(
      `Δ mean JCT ${w.scheme} − ${w.baseline}: weighted ${w.mean.toExponential(3)} h ± ${pct(relativeHalfWidth(w))} (${w.nonZero} non-zero), plain ${p.mean.toExponential(3)} h ± ${pct(relativeHalfWidth(p))} (${p.nonZero} non-zero)`,
      `   variance reduction at equal trials ${b.trueLawVarianceReduction[k]!.toFixed(1)} × (plain variance estimated from the weighted run; against the plain run's own sample variance ${b.varianceReduction[k]!.toFixed(2)} ×)`,
    );
  });
  lines.push(
    `weights: mean ${b.weighted.meanWeight.toFixed(4)} ± ${b.weighted.meanWeightHalfWidth.toFixed(4)}, Kish ESS ${pct(b.weighted.kishEss / b.weighted.trials)} of the trials`,
    `CPU per run: plain ${b.plain.cpuS.map((s) => s.toFixed(1)).join(', ')} s; weighted ${b.weighted.cpuS.map((s) => s.toFixed(1)).join(', ')} s → cost per trial ${b.costRatio.toFixed(2)} ×`,
  );
  return lines.join('\n');
}

/** `node dist/bench/rare-events-bench.js [trials] [rounds]`: this step alone. */
if (process.argv[1]?.endsWith('rare-events-bench.js')) {
  const { availableParallelism, tmpdir } = await import('node:os');
  const { mkdtempSync } = await import('node:fs');
  const { dirname, resolve } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const scratch = mkdtempSync(join(tmpdir(), 'scale-across-rare-bench-'));
  const b = runRareEventsBench(join(root, 'dist/src/cli/main.js'), root, scratch, Number(process.argv[2] ?? 50_000), availableParallelism(), Number(process.argv[3] ?? 1));
  rmSync(scratch, { recursive: true, force: true });
  console.log(formatRareEventsBench(b));
}
