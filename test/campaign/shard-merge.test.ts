/**
 * `run --shard i/n` + `merge` against the built CLI: the merged Arrow files are byte for
 * byte those of one `run` (1, 3 and 16 shards, with and without --summary-only, and a
 * sweep); missing, duplicate, foreign and damaged parts are each refused naming them;
 * `--partial` says in the manifest what it merged; rerunning a shard index keeps one part.
 */
import { cpSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { campaignSandbox, describeResult, runCli, runOk } from '../support/cli.js';
import { readArrow, readManifest, sha256 } from '../support/result-files.js';
import { SEED } from '../fixtures/campaign-scenario.js';

const box = campaignSandbox();
const TRIALS = String(16 * 1024); // 16 blocks: enough for 16 shards
const SWEEP = ['--set', 'job.checkpoint.interval=30min,2h'];

const arrowIn = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.arrow')).sort();

function expectSameArrow(expected: string, actual: string): void {
  const names = arrowIn(expected);
  expect(names.length).toBeGreaterThanOrEqual(4);
  expect(arrowIn(actual)).toEqual(names);
  for (const name of names) expect(sha256(join(actual, name)), `${name} differs`).toBe(sha256(join(expected, name)));
}

/** Runs every shard task of `n` (two at a time), one worker each. */
async function shards(command: string[], out: string, n: number, extra: string[] = []): Promise<void> {
  for (let i = 0; i < n; i += 2) {
    const batch = [i, i + 1].filter((k) => k < n);
    await Promise.all(batch.map((k) => runOk([...command, '--shard', `${k}/${n}`, '--out', out, '--workers', '1', '--quiet', ...extra])));
  }
}

const part = (out: string, i: number, n: number) => join(out, 'parts', `part-${String(i).padStart(4, '0')}-of-${String(n).padStart(4, '0')}.scxpart`);

describe('run --shard + merge = run, byte for byte', () => {
  test.each([
    [1, false],
    [1, true],
    [3, false],
    [16, false],
    [3, true],
    [16, true],
  ])('%i shards, summary-only %s', async (n, summaryOnly) => {
    const flags = ['--trials', TRIALS, ...(summaryOnly ? ['--summary-only'] : [])];
    const local = box.out(`local-${summaryOnly}`);
    if (!readdirSync(box.dir).includes(`local-${summaryOnly}`))
      await runOk(['run', box.config, ...flags, '--out', local, '--quiet', '--workers', '2']);
    const out = box.out(`sharded-${n}-${summaryOnly}`);
    await shards(['run', box.config, ...flags], out, n);
    expect(readdirSync(join(out, 'parts')).sort()).toEqual(Array.from({ length: n }, (_, i) => part(out, i, n).split('/').pop()));
    await runOk(['merge', out]);
    expectSameArrow(local, out);
    if (summaryOnly) expect(arrowIn(out)).not.toContain('trials.arrow');
    const m = readManifest(out);
    expect(m.status).toBe('complete');
    expect(m.shards).toEqual({ count: n, merged: Array.from({ length: n }, (_, i) => i), missing: [], trials_covered: Number(TRIALS), partial: false });
  }, 120_000);

  test('a sweep of two variants in 3 shards', async () => {
    const local = box.out('sweep-local');
    await runOk(['sweep', box.config, ...SWEEP, '--out', local, '--quiet', '--workers', '2']);
    const out = box.out('sweep-sharded');
    await shards(['sweep', box.config, ...SWEEP], out, 3);
    await runOk(['merge', out]);
    expectSameArrow(local, out);
    expect([...new Set(readArrow(join(out, 'summary.arrow')).getChild('variant')!.toArray())]).toHaveLength(2);
  }, 120_000);
});

describe('what merge refuses, and --partial', () => {
  const flags = ['--summary-only']; // the scenario's 3000 trials: 3 blocks
  let good = '';
  const copy = (name: string) => {
    const dir = box.out(name);
    cpSync(good, dir, { recursive: true });
    return dir;
  };
  const refused = async (dir: string) => {
    const r = await runCli(['merge', dir]);
    expect(r.code, describeResult(r)).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(arrowIn(dir)).toEqual([]);
    return r.stderr;
  };

  test('setup: 3 good parts', async () => {
    good = box.out('parts-good');
    await shards(['run', box.config, ...flags], good, 3);
  }, 60_000);

  test('a missing part: named, with the command that reruns it', async () => {
    const dir = copy('missing');
    rmSync(part(dir, 1, 3));
    const stderr = await refused(dir);
    expect(stderr).toContain('missing 1 of 3 shards: 1');
    expect(stderr).toContain(`scale-across run ${box.config} --out ${dir} --summary-only --shard 1/3`);
    expect(stderr).toContain('--partial');
  });

  test('a duplicate part: both files named', async () => {
    const dir = copy('duplicate');
    cpSync(part(dir, 2, 3), join(dir, 'parts', 'copy-of-2.scxpart'));
    const stderr = await refused(dir);
    expect(stderr).toContain(`${join(dir, 'parts', 'copy-of-2.scxpart')} and ${part(dir, 2, 3)} are duplicates`);
  });

  test('a part of another campaign (other seed): named, with what differs', async () => {
    const other = box.out('other-seed');
    await runOk(['run', box.config, ...flags, '--seed', '7', '--shard', '1/3', '--out', other, '--workers', '1', '--quiet']);
    const dir = copy('foreign');
    cpSync(part(other, 1, 3), part(dir, 1, 3));
    const stderr = await refused(dir);
    expect(stderr).toContain(`${part(dir, 1, 3)} belongs to another campaign (seed ${SEED} → 7)`);
  }, 30_000);

  test('a damaged part (one flipped byte): named', async () => {
    const dir = copy('damaged');
    const path = part(dir, 0, 3);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(path, bytes);
    const stderr = await refused(dir);
    expect(stderr).toContain(`${path} is damaged (checksum mismatch`);
  });

  test('--partial merges what is there and says so in the manifest', async () => {
    const dir = copy('partial');
    rmSync(part(dir, 1, 3));
    await runOk(['merge', dir, '--partial']);
    const m = readManifest(dir);
    // 3000 trials = blocks 0 | 1 | 2: shard 1 is trials 1024–2047.
    expect(m.shards).toEqual({ count: 3, merged: [0, 2], missing: [1], trials_covered: 3000 - 1024, partial: true });
    const counts = readArrow(join(dir, 'summary.arrow')).getChild('count')!.toArray() as Float64Array;
    expect(new Set(counts)).toEqual(new Set([3000 - 1024]));
  });

  test('rerunning a shard index keeps its one part; a damaged part is replaced', async () => {
    const dir = good; // the last test to use it: a part records the folder it was written for
    const path = part(dir, 1, 3);
    const before = sha256(path);
    const again = await runOk(['run', box.config, ...flags, '--shard', '1/3', '--out', dir, '--workers', '1', '--quiet']);
    expect(again.stdout).toContain('already complete');
    expect(sha256(path)).toBe(before);
    const bytes = readFileSync(path);
    bytes[100]! ^= 0xff;
    writeFileSync(`${path}.x`, bytes);
    renameSync(`${path}.x`, path);
    const redo = await runOk(['run', box.config, ...flags, '--shard', '1/3', '--out', dir, '--workers', '1', '--quiet']);
    expect(redo.stderr).toContain(`replacing ${path}`);
    expect(sha256(path)).toBe(before);
    expect(readdirSync(join(dir, 'parts')).sort()).toEqual(['part-0000-of-0003.scxpart', 'part-0001-of-0003.scxpart', 'part-0002-of-0003.scxpart']);
  }, 30_000);

  test('bad shard flags: exit 2 with a clear message', async () => {
    for (const [args, message] of [
      [['--shard', '3/3'], /--shard 3\/3: the index must be from 0 to 2/],
      [['--shard', '0/4'], /4 shards for 3000 trials: .* at most 3 shards/],
      [['--shard-from-env', '--shards', '3'], /none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX is set/],
    ] as const) {
      const r = await runCli(['run', box.config, ...args, '--out', box.out('bad-flags'), '--quiet']);
      expect(r.code, describeResult(r)).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const env = await runCli(['run', box.config, '--shard-from-env', '--shards', '3', '--out', box.out('bad-flags'), '--quiet'], { env: { JOB_COMPLETION_INDEX: '5' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('JOB_COMPLETION_INDEX=5 is not a shard index from 0 to 2');
  });
});

