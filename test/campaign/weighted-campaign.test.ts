/**
 * Weighted statistics end to end, against the built CLI, with every trial's
 * likelihood-ratio weight replaced by a fixed function of its index
 * (SCALE_ACROSS_FAULT_WEIGHTS, src/campaign/fault-injection.ts): the result files are
 * the weighted statistics of the rows trials.arrow holds (an exact oracle computed here
 * from those rows), byte-identical whatever the workers, the shard size, `--shard` +
 * `merge` and `--resume`; the weights' diagnostics are in the manifest, summary.arrow's
 * metadata and the table, and absent from a plain run.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_BETTER } from '../../src/model/metrics.js';
import { syntheticWeight } from '../../src/campaign/fault-injection.js';
import { PartReader } from '../../src/campaign/part-file.js';
import { shardAggregateFromData } from '../../src/stats/shard-aggregate.js';
import { campaignSandbox, describeResult, runCli, runOk } from '../support/cli.js';
import { column, hashes, readArrow, readManifest } from '../support/result-files.js';

const box = campaignSandbox();
const TRIALS = 10_000;
const WEIGHTED = { env: { SCALE_ACROSS_FAULT_WEIGHTS: '1' } };
const common = ['--trials', String(TRIALS), '--quiet'];
const reference = box.out('weighted-1');
const plain = box.out('plain');
let referenceHashes: Record<string, string>;

beforeAll(async () => {
  await Promise.all([
    runOk(['run', box.config, ...common, '--workers', '1', '--out', reference], WEIGHTED),
    runOk(['run', box.config, ...common, '--workers', '1', '--out', plain]),
  ]);
  referenceHashes = hashes(reference);
}, 120_000);

/** Rows of trials.arrow by scheme: trial order. */
function rowsOf(dir: string) {
  const t = readArrow(join(dir, 'trials.arrow'));
  const scheme = column(t, 'scheme') as string[];
  const status = column(t, 'status') as string[];
  const weight = t.getChild('weight')!.toArray() as Float64Array;
  const jct = t.getChild('jct_h')!.toArray() as Float64Array;
  const schemes = [...new Set(scheme)];
  const by = (s: string) => {
    const idx = scheme.flatMap((x, r) => (x === s ? [r] : []));
    return { w: idx.map((r) => weight[r]!), jct: idx.map((r) => jct[r]!), censored: idx.map((r) => status[r] === 'censored') };
  };
  return { schemes, by, trial: t.getChild('trial')!.toArray() as Uint32Array, weight };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('a weighted campaign', () => {
  it('trials.arrow carries each trial’s weight on every scheme row; a plain run writes weight 1', () => {
    const { trial, weight } = rowsOf(reference);
    expect(weight.length).toBeGreaterThan(TRIALS);
    for (let r = 0; r < weight.length; r++) expect(weight[r]).toBe(syntheticWeight(trial[r]!));
    expect(new Set(rowsOf(plain).weight)).toEqual(new Set([1]));
  });

  it('summary, comparison and censored are the weighted statistics of the rows: mean (1/n)Σw·x, CI from var(w·x), p_better the weighted share', () => {
    const { schemes, by } = rowsOf(reference);
    const summary = readArrow(join(reference, 'summary.arrow')).toArray();
    const comparison = readArrow(join(reference, 'comparison.arrow')).toArray();
    const base = by(schemes[0]!);
    for (const s of schemes) {
      const { w, jct, censored } = by(s);
      const n = w.length;
      const y = jct.map((x, i) => w[i]! * x);
      const mean = sum(y) / n;
      const sd = Math.sqrt(sum(y.map((v) => (v - mean) ** 2)) / (n - 1));
      const row = summary.find((r) => r.scheme === s && r.metric === 'jct_h')!;
      expect(row.count).toBe(TRIALS);
      expect(rel(row.mean, mean)).toBeLessThan(1e-12);
      expect(rel(row.stdev, sd)).toBeLessThan(1e-9);
      expect(rel((row.ci95_high - row.ci95_low) / 2, (1.96 * sd) / Math.sqrt(n))).toBeLessThan(1e-3);
      expect(rel(row.censored, sum(w.filter((_, i) => censored[i])))).toBeLessThan(1e-12);
      // Self-normalised weighted quantile of jct_h: its weighted CDF is within the sketch's rank error of q.
      const W = sum(w);
      const cdf = (x: number) => sum(w.filter((_, i) => jct[i]! <= x)) / W;
      const below = (x: number) => sum(w.filter((_, i) => jct[i]! < x)) / W;
      for (const [q, col] of [[0.5, 'p50'], [0.9, 'p90']] as const) {
        expect(cdf(row[col]), `${s} ${col}`).toBeGreaterThanOrEqual(q - 0.003);
        expect(below(row[col]), `${s} ${col}`).toBeLessThanOrEqual(q + 0.003);
      }
      if (s === schemes[0]) continue;
      const d = jct.map((x, i) => w[i]! * (x - base.jct[i]!));
      const dMean = sum(d) / n;
      const dSd = Math.sqrt(sum(d.map((v) => (v - dMean) ** 2)) / (n - 1));
      const c = comparison.find((r) => r.scheme === s && r.metric === 'jct_h')!;
      expect(rel(c.mean_diff, dMean)).toBeLessThan(1e-9);
      expect(rel((c.ci95_high - c.ci95_low) / 2, (1.96 * dSd) / Math.sqrt(n))).toBeLessThan(1e-3);
      const better = sum(w.filter((_, i) => (jct[i]! - base.jct[i]!) * METRIC_BETTER.jct_h > 0));
      expect(rel(c.p_better, better / W)).toBeLessThan(1e-12);
    }
  });

  it('records the weights’ diagnostics in the manifest and summary.arrow’s metadata (and a plain run does not)', () => {
    const { weight } = rowsOf(reference);
    const w = Array.from(weight).filter((_, r) => r % 4 === 0); // one row per trial (4 schemes)
    expect(w).toHaveLength(TRIALS);
    const W = sum(w);
    const m = readManifest(reference);
    const [is] = m.importance_sampling;
    expect(m.importance_sampling).toHaveLength(1);
    expect(rel(is.mean_weight, W / TRIALS)).toBeLessThan(1e-12);
    expect(rel(is.effective_sample_size, (W * W) / sum(w.map((x) => x * x)))).toBeLessThan(1e-9);
    expect(rel(is.max_weight_share, Math.max(...w) / W)).toBeLessThan(1e-12);
    expect(is.mean_weight_ci95[0]).toBeLessThan(1);
    expect(is.mean_weight_ci95[1]).toBeGreaterThan(1);
    expect(is.warnings).toEqual([]);
    const metadata = readArrow(join(reference, 'summary.arrow')).schema.metadata.get('scale_across.importance_sampling');
    expect(JSON.parse(metadata!)).toEqual(m.importance_sampling);

    expect(readManifest(plain).importance_sampling).toBeUndefined();
    expect(readArrow(join(plain, 'summary.arrow')).schema.metadata.has('scale_across.importance_sampling')).toBe(false);
    expect(hashes(plain)['summary.arrow']).not.toBe(referenceHashes['summary.arrow']);
  });

  it('gives byte-identical files for other workers and shard sizes, --shard + merge, and --resume after a failure', async () => {
    const other = box.out('weighted-3');
    const sharded = box.out('weighted-sharded');
    await Promise.all([
      runOk(['run', box.config, ...common, '--workers', '3', '--shard-size', '3072', '--out', other], WEIGHTED),
      (async () => {
        for (const k of [0, 1, 2]) await runOk(['run', box.config, ...common, '--workers', '1', '--shard', `${k}/3`, '--out', sharded], WEIGHTED);
        await runOk(['merge', sharded]);
      })(),
    ]);
    expect(hashes(other)).toEqual(referenceHashes);
    expect(hashes(sharded)).toEqual(referenceHashes);
    // Weighted log sketches are never folded by a part writer: one sketch group per block.
    const reader = new PartReader(join(sharded, 'parts', 'part-0001-of-0003.scxpart'));
    let results = 0;
    for (let r = reader.next(null); r !== null; r = reader.next(null), results++) {
      const agg = shardAggregateFromData(r.summaries[0]!);
      expect(agg.sketchGroups, `result from trial ${r.first}`).toBe(agg.blocks);
    }
    reader.close();
    expect(results).toBeGreaterThan(0);
    expect(readManifest(sharded).importance_sampling).toEqual(readManifest(reference).importance_sampling);

    const resumed = box.out('weighted-resumed');
    const failed = await runCli(['run', box.config, ...common, '--workers', '2', '--shard-size', '1024', '--out', resumed], {
      env: { ...WEIGHTED.env, SCALE_ACROSS_FAULT_THROW_TRIAL: '5000' },
    });
    expect(failed.code, describeResult(failed)).toBe(1);
    await runOk(['run', box.config, ...common, '--workers', '2', '--out', resumed, '--resume'], WEIGHTED);
    expect(hashes(resumed)).toEqual(referenceHashes);
  }, 240_000);

  it('shows the diagnostics under the run’s and the sweep’s table', async () => {
    const r = await runOk(['run', box.config, '--trials', '2048', '--workers', '1', '--out', box.out('weighted-table')], WEIGHTED);
    expect(r.stdout).toMatch(/importance sampling: mean weight \S+ ± \S+ \(must be ≈ 1\) · effective sample size \d+ of 2048 trials/);
    const p = await runOk(['run', box.config, '--trials', '2048', '--workers', '1', '--out', box.out('plain-table')]);
    expect(p.stdout).not.toContain('importance sampling');
    const sweep = ['sweep', box.config, '--set', 'job.checkpoint.interval=30min,2h', '--trials', '1024', '--workers', '1'];
    const weightedSweep = await runOk([...sweep, '--out', box.out('weighted-sweep')], WEIGHTED);
    const labels = ['job.checkpoint.interval=30min', 'job.checkpoint.interval=2h'];
    for (const label of labels) expect(weightedSweep.stdout).toMatch(new RegExp(`^${label}: importance sampling: mean weight`, 'm'));
    expect(readManifest(box.out('weighted-sweep')).importance_sampling.map((r: { variant: string }) => r.variant)).toEqual(labels);
  }, 120_000);
});
