/**
 * A result folder's finished results are never lost to a new run: replacing a complete
 * campaign takes --overwrite, and until the new run has written all its files the old
 * ones (and their manifest) stay, whether the new run is interrupted or fails on a full
 * disk. Leftovers of a run killed after it completed go at the next --resume; a
 * manifest.json that is not JSON is explained, not an internal error.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignSandbox, describeResult, runCli, runOk, startCli, waitFor } from '../support/cli.js';
import { TEMP_NAME, entries, hashes, readManifest, shardFiles } from '../support/result-files.js';

const box = campaignSandbox();
const small = ['--trials', '4096', '--workers', '2', '--shard-size', '1024', '--quiet'];
const SLOW = { SCALE_ACROSS_FAULT_DELAY_MS: '1' };
const complete = box.out('complete');
let old: Record<string, string>;
let oldManifest: string;

beforeAll(async () => {
  await runOk(['run', box.config, ...small, '--out', complete]);
  old = hashes(complete);
  oldManifest = readFileSync(join(complete, 'manifest.json'), 'utf8');
});

const untouched = () => {
  expect(hashes(complete)).toEqual(old);
  expect(readFileSync(join(complete, 'manifest.json'), 'utf8')).toBe(oldManifest);
};

describe('replacing a complete campaign', () => {
  it('is refused without --overwrite, saying what is there and how to keep it', async () => {
    const r = await runCli(['run', box.config, ...small, '--seed', '5', '--out', complete]);
    expect(r.code, describeResult(r)).toBe(2);
    expect(r.stderr).toContain(`${complete} holds a complete campaign of "campaign-test" (seed 424242, 4096 trials`);
    expect(r.stderr).toMatch(/--overwrite/);
    expect(r.stderr).toMatch(/another --out/);
    untouched();
  });

  it('with --overwrite, interrupted (SIGINT) or failing on a full disk: the old results and manifest stay, intact; the interrupted one resumes into the new results', async () => {
    const slow = startCli(['run', box.config, ...small, '--seed', '5', '--out', complete, '--overwrite'], { env: SLOW });
    await waitFor(() => shardFiles(complete).length > 0, 'a finished shard');
    slow.child.kill('SIGINT');
    const r = await slow.done;
    expect(r.code, describeResult(r)).toBe(130);
    untouched();
    expect(JSON.parse(readFileSync(join(complete, '.shards', 'manifest.json'), 'utf8')).status).toBe('interrupted');

    // A full disk while keeping shards: exit 1 naming it, no shard file under a final name cut short.
    const full = await runCli(['run', box.config, ...small, '--seed', '6', '--out', complete, '--overwrite'], {
      env: { SCALE_ACROSS_FAULT_DISK_FULL_AFTER: '300000' },
    });
    expect(full.code, describeResult(full)).toBe(1);
    expect(full.stderr).toMatch(/ENOSPC|no space left/);
    expect(full.stderr).not.toMatch(/\n\s+at /);
    untouched();
    const failed = JSON.parse(readFileSync(join(complete, '.shards', 'manifest.json'), 'utf8'));
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/no space left/);
    expect(entries(join(complete, '.shards')).filter((n) => TEMP_NAME.test(n))).toEqual([]);

    // The folder's own campaign is still complete (nothing to resume for it)...
    const same = await runOk(['run', box.config, ...small, '--out', complete, '--resume']);
    expect(same.stderr).toMatch(/already complete/);
    untouched();

    // ...and a fresh --overwrite run replaces it, once all of its files are written.
    const fresh = box.out('seed-6');
    await runOk(['run', box.config, ...small, '--seed', '6', '--out', fresh]);
    await runOk(['run', box.config, ...small, '--seed', '6', '--out', complete, '--overwrite']);
    expect(hashes(complete)).toEqual(hashes(fresh));
    expect(readManifest(complete).seed).toBe(6);
    expect(entries(complete)).toEqual(['causes.arrow', 'comparison.arrow', 'histograms.arrow', 'manifest.json', 'summary.arrow', 'trials.arrow']);
  });
});

describe('leftovers and a damaged manifest', () => {
  it('a run killed after its manifest said complete leaves .shards/ and .staging/: --resume says complete and removes them', async () => {
    const out = box.out('leftovers');
    await runOk(['run', box.config, ...small, '--out', out]);
    const before = hashes(out);
    mkdirSync(join(out, '.shards'));
    writeFileSync(join(out, '.shards', '000000000000-1024.shard'), 'left over');
    mkdirSync(join(out, '.staging'));
    const r = await runOk(['run', box.config, ...small, '--out', out, '--resume']);
    expect(r.stderr).toMatch(/already complete/);
    expect(existsSync(join(out, '.shards'))).toBe(false);
    expect(existsSync(join(out, '.staging'))).toBe(false);
    expect(hashes(out)).toEqual(before);
  });

  it('a manifest.json that is not JSON: a fresh run is refused (exit 2) with what to do while result files are there, and goes ahead where there are none', async () => {
    const out = box.out('bad-manifest');
    await runOk(['run', box.config, ...small, '--out', out]);
    const before = hashes(out);
    writeFileSync(join(out, 'manifest.json'), '{ not json');
    for (const args of [[], ['--resume']]) {
      const r = await runCli(['run', box.config, ...small, '--out', out, ...args]);
      expect(r.code, describeResult(r)).toBe(2);
      expect(r.stderr).toMatch(/manifest\.json: not valid JSON/);
      expect(r.stderr).toMatch(args.length ? /run without --resume/ : /--overwrite.*another --out/s);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(hashes(out)).toEqual(before);
    await runOk(['run', box.config, ...small, '--out', out, '--overwrite']);
    expect(hashes(out)).toEqual(before);

    const bare = box.out('bare-bad-manifest');
    mkdirSync(bare);
    writeFileSync(join(bare, 'manifest.json'), '');
    await runOk(['run', box.config, ...small, '--out', bare]);
    expect(hashes(bare)).toEqual(before);
  });
});

describe('SIGINT early', () => {
  it('a signal as soon as the run holds its folder stops it with a message, and --resume completes it', async () => {
    const out = box.out('early');
    const r0 = startCli(['run', box.config, ...small, '--out', out], { env: SLOW });
    await waitFor(() => existsSync(join(out, '.lock')), 'the lock', 60_000);
    r0.child.kill('SIGINT');
    const r = await r0.done;
    expect(r.code, describeResult(r)).toBe(130);
    expect(r.stderr).toMatch(/interrupted \(SIGINT\)/);
    await runOk(['run', box.config, ...small, '--out', out, ...(existsSync(join(out, 'manifest.json')) ? ['--resume'] : [])]);
    expect(hashes(out)).toEqual(old);
  });
});
