/**
 * Crashes and damaged state never change a campaign's results: kill -9 at seeded random
 * moments, each followed by `--resume`, ends in files byte-identical to an uninterrupted
 * run; shard files damaged in each way a disk, a user or a copy can damage them are
 * named, set aside into `.shards/rejected/`, and their trials run again.
 *
 * The killed runs are slowed with SCALE_ACROSS_FAULT_DELAY_MS=1 (≥ 1 s per 1024-trial
 * shard), so kills land mid-campaign.
 */
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, truncateSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignSandbox, describeResult, runCli, runOk, startCli } from '../support/cli.js';
import { entries, hashes, readManifest, shardFiles } from '../support/result-files.js';

const TRIALS = 10_000;
const box = campaignSandbox();
const reference = box.out('reference');
const campaign = ['--trials', String(TRIALS), '--workers', '2', '--shard-size', '1024'];
const SLOW = { SCALE_ACROSS_FAULT_DELAY_MS: '1' };
let referenceHashes: Record<string, string>;

beforeAll(async () => {
  await runOk(['run', box.config, ...campaign, '--out', reference, '--quiet']);
  referenceHashes = hashes(reference);
});

/** mulberry32: the kill schedule is the same on every run of the suite. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('kill -9 at random moments', () => {
  it('four kills at seeded random moments, each followed by --resume, end in files byte-identical to an uninterrupted run', async () => {
    const out = box.out('killed');
    const random = seeded(20261201);
    for (let cycle = 0; cycle < 4; cycle++) {
      const args = ['run', box.config, ...campaign, '--out', out, '--quiet', ...(cycle > 0 && existsSync(join(out, 'manifest.json')) ? ['--resume'] : [])];
      const running = startCli(args, { env: SLOW });
      await new Promise((r) => setTimeout(r, 500 + random() * 3000));
      running.child.kill('SIGKILL');
      await running.done;
    }
    const last = existsSync(join(out, 'manifest.json')) ? ['--resume'] : [];
    await runOk(['run', box.config, ...campaign, '--out', out, '--quiet', ...last]);
    expect(hashes(out)).toEqual(referenceHashes);
    expect(readManifest(out).status).toBe('complete');
    expect(entries(out)).toEqual(['causes.arrow', 'comparison.arrow', 'histograms.arrow', 'manifest.json', 'summary.arrow', 'trials.arrow']);
  });
});

/**
 * A campaign that fails at `trial` (injected fault) on one worker: every shard before
 * the failing one is kept, deterministically, and the folder is resumable.
 */
async function failedAt(out: string, seed: string[], trial: number): Promise<void> {
  const r = await runCli(['run', box.config, '--trials', String(TRIALS), '--shard-size', '1024', '--workers', '1', ...seed, '--out', out, '--quiet'], {
    env: { SCALE_ACROSS_FAULT_THROW_TRIAL: String(trial) },
  });
  expect(r.code, describeResult(r)).toBe(1);
}

describe('damaged, foreign and misplaced shard files', () => {
  it('each is named, set aside and recomputed: NaN in a header field, flipped bytes, a shard of another seed, a truncated file, a directory, a file under another shard’s name', async () => {
    const out = box.out('damaged');
    const other = box.out('other-seed');
    await Promise.all([failedAt(out, [], 7500), failedAt(other, ['--seed', '99'], 1500)]);
    expect(shardFiles(out)).toHaveLength(7);
    const files = shardFiles(out);
    const [nan, flipped, foreign, truncated, directory, misplaced] = files;
    const path = (name: string) => join(out, '.shards', name!);

    // NaN in the header's `first` field (bytes 16–23).
    const fd = openSync(path(nan!), 'r+');
    writeSync(fd, new Uint8Array(new Float64Array([NaN]).buffer), 0, 8, 16);
    closeSync(fd);
    // One byte flipped in the middle: same length.
    const bytes = readFileSync(path(flipped!));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileBytes(path(flipped!), bytes);
    // The same trials of a campaign with another seed.
    cpSync(join(other, '.shards', shardFiles(other)[0]!), path(foreign!));
    // Cut short.
    truncateSync(path(truncated!), 1000);
    // A directory where a file should be.
    rmSync(path(directory!));
    mkdirSync(path(directory!));
    // A good shard file under another shard's name.
    cpSync(path(files[6]!), path(misplaced!));

    const r = await runOk(['run', box.config, ...campaign, '--out', out, '--resume', '--quiet']);
    const named = (name: string, reason: RegExp) => {
      const line = r.stderr.split('\n').find((l) => l.includes(`${name} (`));
      expect(line, `${name} in\n${r.stderr}`).toBeDefined();
      expect(line).toMatch(reason);
      expect(line).toContain(join('.shards', 'rejected', name));
    };
    named(nan!, /trial range|checksum/);
    named(flipped!, /checksum/);
    named(foreign!, /another campaign/);
    named(truncated!, /cut short|shorter/);
    named(directory!, /not a regular file/);
    named(misplaced!, /misplaced/);
    expect(r.stderr).not.toMatch(/overlaps|EISDIR|\n\s+at /);
    expect(hashes(out)).toEqual(referenceHashes);
    expect(readManifest(out).status).toBe('complete');
    // Set aside, not deleted: the user can look at them.
    expect(entries(join(out, '.shards', 'rejected'))).toEqual([...files.slice(0, 6)].sort());
  });
});

function writeFileBytes(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  writeSync(fd, bytes);
  closeSync(fd);
}
