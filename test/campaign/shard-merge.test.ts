/**
 * `run --shard i/n` + `merge` against the built CLI: the merged Arrow files are byte for
 * byte those of one `run` (1, 3 and 16 shards, with and without --summary-only, and a
 * sweep); missing, duplicate, foreign and damaged parts are each refused naming them;
 * `--partial` says in the manifest what it merged; rerunning a shard index keeps one part.
 */
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { campaignSandbox, describeResult, runCli, runOk } from '../support/cli.js';
import { readArrow, readManifest, sha256 } from '../support/result-files.js';
import { SEED } from '../fixtures/campaign-scenario.js';
import { PartReader } from '../../src/campaign/part-file.js';
import { shardAggregateFromData } from '../../src/stats/shard-aggregate.js';

const box = campaignSandbox();
const TRIALS = String(16 * 1024); // 16 blocks: enough for 16 shards
const SWEEP = ['--set', 'job.checkpoint.interval=30min,2h'];
/** Shard tasks started at once: process start-up dominates a task of a few blocks, and a busy machine gives more CPU to more processes. */
const AT_ONCE = 4;

const arrowIn = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.arrow')).sort();

/** The Arrow files of `actual` are byte for byte those of `expected` (trials.arrow only if `actual` has it). */
function expectSameArrow(expected: string, actual: string): void {
  const names = arrowIn(expected).filter((n) => n !== 'trials.arrow' || existsSync(join(actual, n)));
  expect(names.length).toBeGreaterThanOrEqual(4);
  expect(arrowIn(actual)).toEqual(names);
  for (const name of names) expect(sha256(join(actual, name)), `${name} differs`).toBe(sha256(join(expected, name)));
}

/** Runs every shard task of `n` (AT_ONCE at a time), one worker each. */
async function shards(command: string[], out: string, n: number, extra: string[] = []): Promise<void> {
  for (let i = 0; i < n; i += AT_ONCE) {
    const batch = Array.from({ length: Math.min(AT_ONCE, n - i) }, (_, k) => i + k);
    await Promise.all(batch.map((k) => runOk([...command, '--shard', `${k}/${n}`, '--out', out, '--workers', '1', '--quiet', ...extra])));
  }
}

/** Made once, by whichever test asks first (the tests stay independent of their order). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => (made ??= make());
}

const part = (out: string, i: number, n: number) => join(out, 'parts', `part-${String(i).padStart(4, '0')}-of-${String(n).padStart(4, '0')}.scxpart`);
const flagsOf = (summaryOnly: boolean) => ['--trials', TRIALS, ...(summaryOnly ? ['--summary-only'] : [])];

/**
 * One local run, the reference of every case: a --summary-only run writes the same
 * summary, comparison, histograms and causes files as a full one, byte for byte
 * (test/campaign/result-files.test.ts, "--summary-only"), so the summary-only cases are
 * compared with this run's files too.
 */
const localRun = once(async () => {
  const local = box.out('local');
  await runOk(['run', box.config, ...flagsOf(false), '--out', local, '--quiet', '--workers', '2']);
  return local;
});

/** The folder where the `n` shard tasks wrote their parts. */
const sharded = new Map<string, () => Promise<string>>();
function shardedRun(n: number, summaryOnly: boolean): Promise<string> {
  const key = `sharded-${n}-${summaryOnly}`;
  if (!sharded.has(key))
    sharded.set(
      key,
      once(async () => {
        const out = box.out(key);
        await shards(['run', box.config, ...flagsOf(summaryOnly)], out, n);
        return out;
      }),
    );
  return sharded.get(key)!();
}

describe('run --shard + merge = run, byte for byte', () => {
  test.each([
    [1, false],
    [1, true],
    [3, false],
    [3, true],
    [16, false],
    [16, true],
  ])('%i shards, summary-only %s', async (n, summaryOnly) => {
    const local = await localRun();
    const out = await shardedRun(n, summaryOnly);
    expect(readdirSync(join(out, 'parts')).sort()).toEqual(Array.from({ length: n }, (_, i) => part(out, i, n).split('/').pop()));
    await runOk(['merge', out]);
    expectSameArrow(local, out);
    expect(arrowIn(out).includes('trials.arrow')).toBe(!summaryOnly);
    const m = readManifest(out);
    expect(m.status).toBe('complete');
    expect(m.shards).toEqual({ count: n, merged: Array.from({ length: n }, (_, i) => i), missing: [], trials_covered: Number(TRIALS), partial: false });
  }, 120_000);

  test('one-block worker shards: each part carries its blocks\' rank-sketch nodes once, combined, and merges byte for byte', async () => {
    const local = await localRun();
    const out = box.out('sharded-3-one-block');
    await shards(['run', box.config, ...flagsOf(true)], out, 3, ['--shard-size', '1024']);
    // Part 2 holds blocks 10–15 in six one-block results; its writer combines their six
    // leaves into the canonical dyadic nodes (1, 5) = blocks 10–11 and (2, 3) = 12–15,
    // written with the last result, none with the others.
    // An unweighted campaign: its log sketches are folded too, the six blocks' into one
    // group carried by the last result.
    const reader = new PartReader(part(out, 2, 3));
    const nodeCounts: number[] = [];
    const sketchGroups: number[] = [];
    for (let r = reader.next(null); r !== null; r = reader.next(null)) {
      const agg = shardAggregateFromData(r.summaries[0]!);
      nodeCounts.push(agg.quantileNodes[3]!);
      sketchGroups.push(agg.sketchGroups);
    }
    reader.close();
    expect(nodeCounts).toEqual([0, 0, 0, 0, 0, 2]);
    expect(sketchGroups).toEqual([0, 0, 0, 0, 0, 1]);
    await runOk(['merge', out]);
    expectSameArrow(local, out);
  }, 120_000);

  test('a sweep of two variants in 2 shards', async () => {
    const local = box.out('sweep-local');
    await runOk(['sweep', box.config, ...SWEEP, '--out', local, '--quiet', '--workers', '2']);
    const out = box.out('sweep-sharded');
    await shards(['sweep', box.config, ...SWEEP], out, 2);
    await runOk(['merge', out]);
    expectSameArrow(local, out);
    expect([...new Set(readArrow(join(out, 'summary.arrow')).getChild('variant')!.toArray())]).toHaveLength(2);
  }, 120_000);
});

describe('what merge refuses, and --partial', () => {
  // The parts of the 3-shard --summary-only case above (16 blocks: 0–4 | 5–9 | 10–15),
  // copied: a merge folder holding nothing but them.
  const good = () => shardedRun(3, true);
  const copy = async (name: string) => {
    const dir = box.out(name);
    cpSync(join(await good(), 'parts'), join(dir, 'parts'), { recursive: true });
    return dir;
  };
  const refused = async (dir: string) => {
    const r = await runCli(['merge', dir]);
    expect(r.code, describeResult(r)).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(arrowIn(dir)).toEqual([]);
    return r.stderr;
  };

  test('a missing part: named, with the command that reruns it', async () => {
    const dir = await copy('missing');
    rmSync(part(dir, 1, 3));
    const stderr = await refused(dir);
    expect(stderr).toContain('missing 1 of 3 shards: 1');
    expect(stderr).toContain(`scale-across run ${box.config} --out ${dir} --trials ${TRIALS} --summary-only --shard 1/3`);
    expect(stderr).toContain('--partial');
  }, 60_000);

  test('a duplicate part: both files named', async () => {
    const dir = await copy('duplicate');
    cpSync(part(dir, 2, 3), join(dir, 'parts', 'copy-of-2.scxpart'));
    const stderr = await refused(dir);
    expect(stderr).toContain(`${join(dir, 'parts', 'copy-of-2.scxpart')} and ${part(dir, 2, 3)} are duplicates`);
  }, 60_000);

  test('a part of another campaign (other seed): named, with what differs', async () => {
    const other = box.out('other-seed');
    await runOk(['run', box.config, ...flagsOf(true), '--seed', '7', '--shard', '1/3', '--out', other, '--workers', '1', '--quiet']);
    const dir = await copy('foreign');
    cpSync(part(other, 1, 3), part(dir, 1, 3));
    const stderr = await refused(dir);
    expect(stderr).toContain(`${part(dir, 1, 3)} belongs to another campaign (seed ${SEED} → 7)`);
  }, 60_000);

  test('a damaged part (one flipped byte): named', async () => {
    const dir = await copy('damaged');
    const path = part(dir, 0, 3);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(path, bytes);
    const stderr = await refused(dir);
    expect(stderr).toContain(`${path} is damaged (checksum mismatch`);
  }, 60_000);

  test('a part of an older format (version 3): named, with what to do', async () => {
    const dir = await copy('old-format');
    const path = part(dir, 1, 3);
    const bytes = readFileSync(path);
    bytes.writeUInt32LE(3, 8); // the format version of the first result's header
    writeFileSync(path, bytes);
    const stderr = await refused(dir);
    expect(stderr).toContain(
      `${path} is in format version 3, written by an older scale-across; this one reads version 4: delete it and rerun its shard task with this scale-across`,
    );
  }, 60_000);

  test('two parts damaged past their headers (found while merging): both named', async () => {
    // A flip near the end lies in the body of a part's last result, which the check
    // before the merge does not read (only headers); the merge's checksum finds it, and
    // the parts not merged yet are read through so that both are named at once.
    const dir = await copy('damaged-two');
    const paths = [part(dir, 0, 3), part(dir, 2, 3)];
    for (const path of paths) {
      const bytes = readFileSync(path);
      bytes[bytes.length - 100]! ^= 0x01;
      writeFileSync(path, bytes);
    }
    const stderr = await refused(dir);
    for (const path of paths) expect(stderr).toContain(`${path} is damaged (checksum mismatch`);
  }, 60_000);

  test('--partial merges what is there and says so in the manifest', async () => {
    const dir = await copy('partial');
    rmSync(part(dir, 1, 3));
    await runOk(['merge', dir, '--partial']);
    const m = readManifest(dir);
    // 16 blocks in 3 shards: blocks 0–4 | 5–9 | 10–15, so shard 1 is trials 5120–10239.
    const covered = Number(TRIALS) - 5 * 1024;
    expect(m.shards).toEqual({ count: 3, merged: [0, 2], missing: [1], trials_covered: covered, partial: true });
    const counts = readArrow(join(dir, 'summary.arrow')).getChild('count')!.toArray() as Float64Array;
    expect(new Set(counts)).toEqual(new Set([covered]));
  }, 60_000);

  test('rerunning a shard index keeps its one part; a damaged part is replaced', async () => {
    // The folder the parts were written for (a part records it); the last test to use them.
    const dir = await good();
    const path = part(dir, 1, 3);
    const before = sha256(path);
    const again = await runOk(['run', box.config, ...flagsOf(true), '--shard', '1/3', '--out', dir, '--workers', '1', '--quiet']);
    expect(again.stdout).toContain('already complete');
    expect(sha256(path)).toBe(before);
    const bytes = readFileSync(path);
    bytes[100]! ^= 0xff;
    writeFileSync(`${path}.x`, bytes);
    renameSync(`${path}.x`, path);
    const redo = await runOk(['run', box.config, ...flagsOf(true), '--shard', '1/3', '--out', dir, '--workers', '1', '--quiet']);
    expect(redo.stderr).toContain(`replacing ${path}`);
    expect(sha256(path)).toBe(before);
    expect(readdirSync(join(dir, 'parts')).sort()).toEqual(['part-0000-of-0003.scxpart', 'part-0001-of-0003.scxpart', 'part-0002-of-0003.scxpart']);
  }, 60_000);

  test('bad shard flags: exit 2 with a clear message', async () => {
    // One case per place the CLI turns a shard error into exit 2: parsing --shard, the
    // campaign's blocks, the scheduler's variables. Every message of each rule is
    // checked in test/campaign/shard-task-plan.test.ts.
    for (const [args, message] of [
      [['--shard', '3/3'], /--shard 3\/3: the index must be from 0 to 2/],
      [['--shard', '0/4'], /4 shards for 3000 trials: .* at most 3 shards/],
      [['--shard-from-env', '--shards', '3'], /none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX is set/],
    ] as const) {
      const r = await runCli(['run', box.config, ...args, '--out', box.out('bad-flags'), '--quiet']);
      expect(r.code, describeResult(r)).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  }, 60_000);
});
