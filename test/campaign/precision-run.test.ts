/**
 * docs/model.md#run-to-precision: `run --target-ci` stops at the first block boundary
 * (after the minimum number of blocks) where every scheme's paired Δ mean JCT has a 95 %
 * CI within the target, decided on the in-order prefix of trials alone.
 *
 * The oracle: a plain campaign of MAX trials, its trials.arrow read back, and the rule
 * applied by hand to every prefix of whole blocks (mean, sample standard deviation and
 * Student-t half-width of the per-trial differences, non-zero differences counted).
 * The campaign run to the target must stop exactly at the first block where that holds,
 * with files byte-identical to a plain campaign of that many trials, whatever the
 * worker count, and after an interruption and --resume.
 *
 * Fixture figures (seed 424242, blocks of 1024): the worst relative half-width of the
 * three Δ means (unprotected, 1+1, restore − ideal) falls from 21 % after one block to
 * 5.4 % after 16; ±7 % is first met after 10 blocks, ±15 % after 2 (so the minimum of
 * 4 blocks decides there).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { tQuantile } from '../../src/stats/student-t.js';
import { MIN_BLOCKS, MIN_NONZERO } from '../../src/stats/stopping-rule.js';
import { SCENARIO_YAML } from '../fixtures/campaign-scenario.js';
import { campaignSandbox, describeResult, runCli, runOk, startCli, waitFor } from '../support/cli.js';
import { column, entries, hashes, readArrow, readManifest, shardFiles } from '../support/result-files.js';

const MAX = 16_384;
const BLOCK = 1024;
const S = 4; // ideal (the baseline), unprotected, 1+1, restore
const box = campaignSandbox();
const quiet = ['--quiet'];

interface PrefixCheck {
  readonly blocks: number;
  /** Per compared scheme. */
  readonly relative: number[];
  readonly halfWidth: number[];
  readonly mean: number[];
  readonly nonzero: number[];
}

/** The rule's inputs after every whole block, computed from the rows of trials.arrow. */
function prefixChecks(out: string): PrefixCheck[] {
  const table = readArrow(join(out, 'trials.arrow'));
  const jct = column(table, 'jct_h') as number[];
  const schemes = column(table, 'scheme') as string[];
  expect(schemes.slice(0, S)).toEqual(['ideal', 'unprotected', '1+1', 'restore']);
  const trials = jct.length / S;
  const checks: PrefixCheck[] = [];
  for (let blocks = 1; blocks * BLOCK <= trials; blocks++) {
    const n = blocks * BLOCK;
    const c: PrefixCheck = { blocks, relative: [], halfWidth: [], mean: [], nonzero: [] };
    for (let s = 1; s < S; s++) {
      let sum = 0;
      let nonzero = 0;
      for (let i = 0; i < n; i++) {
        const d = jct[i * S + s]! - jct[i * S]!;
        sum += d;
        if (d !== 0) nonzero++;
      }
      const mean = sum / n;
      let squares = 0;
      for (let i = 0; i < n; i++) squares += (jct[i * S + s]! - jct[i * S]! - mean) ** 2;
      const halfWidth = (tQuantile(0.975, n - 1) * Math.sqrt(squares / (n - 1))) / Math.sqrt(n);
      c.mean.push(mean);
      c.halfWidth.push(halfWidth);
      c.relative.push(halfWidth / Math.abs(mean));
      c.nonzero.push(nonzero);
    }
    checks.push(c);
  }
  return checks;
}

/** The first prefix where the rule holds, by hand; null if none. */
function expectedStop(checks: readonly PrefixCheck[], target: number): PrefixCheck | null {
  return (
    checks.find(
      (c) => c.blocks >= MIN_BLOCKS && c.mean.every((m, i) => m !== 0 && c.nonzero[i]! >= MIN_NONZERO && c.relative[i]! <= target),
    ) ?? null
  );
}

/** No prefix decision within 10⁻⁹ of the target: the oracle's sums cannot round to the other side. */
function expectClearMargins(checks: readonly PrefixCheck[], target: number): void {
  for (const c of checks) for (const r of c.relative) expect(Math.abs(r - target)).toBeGreaterThan(1e-9);
}

const precision = (out: string) => readManifest(out).precision as Record<string, any>;

let checks: PrefixCheck[];
const plain = box.out('plain-max');

beforeAll(async () => {
  await runOk(['run', box.config, '--trials', String(MAX), '--workers', '2', '--out', plain, ...quiet]);
  checks = prefixChecks(plain);
}, 120_000);

describe('run --target-ci stops where the rule computed by hand over trials.arrow says', () => {
  const target7 = { two: box.out('t7-w2'), one: box.out('t7-w1'), plain: box.out('plain-10240') };

  beforeAll(async () => {
    await Promise.all([
      runOk(['run', box.config, '--target-ci', '7%', '--max-trials', String(MAX), '--shard-size', String(BLOCK), '--workers', '2', '--out', target7.two, ...quiet]),
      // The default block for 16 384 max-trials is 1024 too (max-trials / 64, in whole blocks of 1024).
      runOk(['run', box.config, '--target-ci', '0.07', '--max-trials', String(MAX), '--workers', '1', '--out', target7.one, ...quiet]),
    ]);
  }, 120_000);

  it('±7 %: stops after exactly the first block where every Δ mean JCT is within ±7 % (block 10), with files identical to a plain run of that many trials', async () => {
    expectClearMargins(checks, 0.07);
    const expected = expectedStop(checks, 0.07)!;
    expect(expected.blocks).toBe(10); // the fixture figure above: the test stops mid-campaign
    const p = precision(target7.two);
    expect(p.target_ci).toBe(0.07);
    expect(p.metric).toBe('jct_h');
    expect(p.block_trials).toBe(BLOCK);
    expect(p.outcome.met).toBe(true);
    expect(p.outcome.blocks).toBe(expected.blocks);
    expect(p.outcome.trials).toBe(expected.blocks * BLOCK);
    p.outcome.targets.forEach((t: Record<string, any>, i: number) => {
      expect(t.scheme).toBe(['unprotected', '1+1', 'restore'][i]);
      expect(t.verdict).toBe('met');
      expect(t.nonzero).toBe(expected.nonzero[i]);
      expect(t.estimate).toBeCloseTo(expected.mean[i]!, 9);
      expect(t.half_width).toBeCloseTo(expected.halfWidth[i]!, 9);
      expect(t.relative_half_width).toBeCloseTo(expected.relative[i]!, 9);
    });
    const m = readManifest(target7.two);
    expect(m.status).toBe('complete');
    expect(m.trials).toBe(expected.blocks * BLOCK);
    // Only the blocks [0, stop) are in the results; shards run beyond it are gone.
    expect(m.completed_shards).toEqual(Array.from({ length: expected.blocks }, (_, b) => [b * BLOCK, BLOCK]));
    expect(entries(join(target7.two, '.shards'))).toEqual([]);

    await runOk(['run', box.config, '--trials', String(expected.blocks * BLOCK), '--workers', '2', '--out', target7.plain, ...quiet]);
    expect(hashes(target7.two)).toEqual(hashes(target7.plain));
  });

  it('gives the same stopping point and byte-identical files with --workers 1 and 2', () => {
    expect(precision(target7.one)).toEqual(precision(target7.two));
    expect(hashes(target7.one)).toEqual(hashes(target7.two));
  });

  it('±15 %: met after 2 blocks already, but checked only from the minimum of 4 blocks; the terminal says so', async () => {
    expectClearMargins(checks, 0.15);
    expect(checks.find((c) => c.relative.every((r) => r <= 0.15))!.blocks).toBe(2);
    expect(expectedStop(checks, 0.15)!.blocks).toBe(MIN_BLOCKS);
    const out = box.out('t15');
    const r = await runOk(['run', box.config, '--target-ci', '15%', '--max-trials', String(MAX), '--workers', '2', '--out', out]);
    expect(precision(out).outcome.trials).toBe(MIN_BLOCKS * BLOCK);
    expect(r.stdout).toContain(`${MIN_BLOCKS * BLOCK} trials × 4 schemes`);
    expect(r.stdout).toMatch(/Target ±15 % on Δ mean jct_h met: stopped after 4096 trials \(4 blocks of 1024\)/);
  });
});

describe('blocks longer than the aggregation block of 1024 trials', () => {
  it('±7 % in blocks of 2048: stops at the first even prefix where the rule holds, counting the non-zero differences of every 1024-trial part of a block', () => {
    const out = box.out('t7-b2048');
    return runOk(['run', box.config, '--target-ci', '7%', '--max-trials', String(MAX), '--shard-size', '2048', '--workers', '2', '--out', out, ...quiet]).then(() => {
      // Prefixes of whole 2048-trial blocks, at least MIN_BLOCKS of them.
      const even = checks.filter((c) => c.blocks % 2 === 0).map((c) => ({ ...c, blocks: c.blocks / 2 }));
      const expected = expectedStop(even, 0.07)!;
      const p = precision(out);
      expect(p.block_trials).toBe(2048);
      expect(p.outcome.blocks).toBe(expected.blocks);
      p.outcome.targets.forEach((t: Record<string, any>, i: number) => expect(t.nonzero).toBe(expected.nonzero[i]));
    });
  }, 120_000);
});

describe('a target that cannot be met', () => {
  it('±1 % within 4096 trials: runs all of --max-trials, says the target was not met, and its files are those of a plain run of 4096 trials', async () => {
    expect(expectedStop(checks.slice(0, 4), 0.01)).toBeNull();
    const out = box.out('t1');
    const reference = box.out('plain-4096');
    const [r] = await Promise.all([
      runOk(['run', box.config, '--target-ci', '1%', '--max-trials', '4096', '--workers', '2', '--out', out]),
      runOk(['run', box.config, '--trials', '4096', '--workers', '2', '--out', reference, ...quiet]),
    ]);
    const p = precision(out);
    expect(p.outcome.met).toBe(false);
    expect(p.outcome.trials).toBe(4096);
    expect(p.outcome.reason).toMatch(/max trials reached \(4096\) with 3 target\(s\) not met/);
    expect(p.outcome.targets.map((t: Record<string, any>) => t.verdict)).toEqual(['too-wide', 'too-wide', 'too-wide']);
    expect(r.stdout).toContain('Target ±1 % on Δ mean jct_h NOT met within --max-trials 4096');
    expect(hashes(out)).toEqual(hashes(reference));
  });

  it('never stops on a difference that is always 0 (a second ideal scheme): runs to --max-trials and names the zero estimate', async () => {
    const doc = parseDocument(SCENARIO_YAML);
    doc.addIn(['schemes'], doc.createNode({ id: 'ideal-2', kind: 'ideal' }));
    const config = join(box.dir, 'two-ideals.yaml');
    writeFileSync(config, doc.toString());
    const out = box.out('zero');
    const r = await runOk(['run', config, '--schemes', 'ideal,ideal-2', '--target-ci', '50%', '--max-trials', '8192', '--workers', '2', '--out', out]);
    const p = precision(out);
    expect(p.outcome.met).toBe(false);
    expect(p.outcome.trials).toBe(8192);
    expect(p.outcome.targets).toEqual([
      { scheme: 'ideal-2', baseline: 'ideal', estimate: 0, half_width: 0, relative_half_width: null, nonzero: 0, verdict: 'zero-estimate' },
    ]);
    expect(r.stdout).toMatch(/ideal-2 − ideal .* estimate is 0/);
  });
});

describe('interrupted and resumed', () => {
  it('a SIGINT mid-campaign, then the printed resume command: same stopping point, files identical to the uninterrupted run; another target is refused', async () => {
    const out = box.out('resumed');
    const slow = startCli(['run', box.config, '--target-ci', '7%', '--max-trials', String(MAX), '--workers', '2', '--out', out], {
      env: { SCALE_ACROSS_FAULT_DELAY_MS: '1' }, // ≥ 1 s per block: the signal lands mid-campaign
    });
    await waitFor(() => shardFiles(out).length > 0, 'the first kept block');
    slow.child.kill('SIGINT');
    const r = await slow.done;
    expect(r.code, describeResult(r)).toBe(130);
    const interrupted = readManifest(out);
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.precision.outcome).toBeNull();
    const kept = (interrupted.completed_shards as [number, number][]).reduce((n, [, c]) => n + c, 0);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(10 * BLOCK);

    const other = await runCli(['run', box.config, '--target-ci', '8%', '--max-trials', String(MAX), '--workers', '2', '--out', out, '--resume', ...quiet]);
    expect(other.code, describeResult(other)).toBe(2);
    expect(other.stderr).toContain('target precision 0.07 on jct_h, blocks of 1024 → 0.08 on jct_h, blocks of 1024');

    const hint = /resume with: scale-across run (.+)$/m.exec(r.stderr);
    expect(hint, r.stderr).not.toBeNull();
    const args = hint![1]!.split(' ');
    expect(args).toEqual(expect.arrayContaining(['--resume', '--target-ci', '7%', '--max-trials', String(MAX)]));
    await runOk(['run', ...args, ...quiet]);
    expect(precision(out)).toEqual(precision(box.out('t7-w2')));
    expect(hashes(out)).toEqual(hashes(box.out('t7-w2')));
  }, 120_000);
});

describe('bad input: exit 2 with a message naming the flag', () => {
  const cases: [string, string[], RegExp][] = [
    ['a target of 0', ['--target-ci', '0'], /--target-ci: must be a relative half-width between 0 and 1/],
    ['5 without %', ['--target-ci', '5'], /did you mean 5%\?/],
    ['not a number', ['--target-ci', 'tight'], /--target-ci: .*got "tight"/],
    ['150 %', ['--target-ci', '150%'], /--target-ci: /],
    ['a metric without direction', ['--target-ci', '5%', '--target-metric', 'cuts'], /--target-metric: "cuts" is not a metric with a direction/],
    ['an unknown metric', ['--target-ci', '5%', '--target-metric', 'speed'], /--target-metric: "speed"/],
    ['--max-trials alone', ['--max-trials', '1000'], /--max-trials goes with --target-ci/],
    ['--max-trials 0', ['--target-ci', '5%', '--max-trials', '0'], /--max-trials: must be an integer from 1/],
    ['--max-trials past the trials bound', ['--target-ci', '5%', '--max-trials', '1e12'], /--max-trials/],
    ['--trials and --max-trials', ['--target-ci', '5%', '--trials', '1000', '--max-trials', '2000'], /--trials and --max-trials/],
    ['a shard task', ['--target-ci', '5%', '--shard', '0/2'], /--target-ci cannot run as shard tasks/],
    ['one scheme', ['--target-ci', '5%', '--schemes', 'ideal'], /--target-ci: .*run at least two schemes/],
  ];
  for (const [name, flags, message] of cases)
    it(name, async () => {
      const r = await runCli(['run', box.config, ...flags, '--out', box.out('bad'), ...quiet]);
      expect(r.code, describeResult(r)).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });

  it('sweep does not take --target-ci', async () => {
    const r = await runCli(['sweep', box.config, '--set', 'job.checkpoint.interval=1h,2h', '--target-ci', '5%', '--out', box.out('bad-sweep'), ...quiet]);
    expect(r.code, describeResult(r)).toBe(2);
    expect(r.stderr).toMatch(/target-ci/);
  });
});
