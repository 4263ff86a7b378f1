/**
 * README.md#commands, docs/model.md#results: SIGINT/SIGTERM stop a campaign cleanly (130/143), keep every finished
 * shard, leave no result or temp file half-written, and `--resume` completes it into
 * files byte-identical to an uninterrupted run; a resume of another campaign and a
 * second run into a locked folder are refused (exit 2).
 *
 * The interrupted runs are slowed down with SCALE_ACROSS_FAULT_DELAY_MS=1 (every trial
 * busy-waits 1 ms: ≥ 1 s per 1024-trial shard, ≥ 5 s for the campaign on 2 workers),
 * so a signal sent once the first shard file exists always lands mid-campaign.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignSandbox, describeResult, runCli, runOk, startCli, waitFor } from '../support/cli.js';
import { TEMP_NAME, entries, hashes, readManifest, shardFiles } from '../support/result-files.js';
import { SEED } from '../fixtures/campaign-scenario.js';

const TRIALS = 10_000;
const box = campaignSandbox();
const reference = box.out('reference');
const sharding = ['--workers', '2', '--shard-size', '1024'];
const campaign = ['--trials', String(TRIALS), ...sharding];
const SLOW = { SCALE_ACROSS_FAULT_DELAY_MS: '1' };

let referenceHashes: Record<string, string>;

beforeAll(async () => {
  await runOk(['run', box.config, ...campaign, '--out', reference, '--quiet']);
  referenceHashes = hashes(reference);
});

/** The state an interrupted campaign must leave: manifest + kept shards, nothing else. */
function expectCleanlyInterrupted(out: string): number {
  expect(entries(out)).toEqual(['.shards', 'manifest.json']); // no .lock, no trials.arrow/summary.arrow, no temp file
  expect(entries(join(out, '.shards')).filter((n) => TEMP_NAME.test(n) || !n.endsWith('.shard'))).toEqual([]);
  const m = readManifest(out);
  expect(m.status).toBe('interrupted');
  expect(m.finished_at).not.toBeNull();
  const ranges = m.completed_shards as [number, number][];
  expect(ranges.length).toBe(shardFiles(out).length); // one kept shard file per completed shard
  const done = ranges.reduce((n, [, c]) => n + c, 0);
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(TRIALS); // really stopped mid-campaign
  return done;
}

describe('SIGINT, then --resume', () => {
  it('exits 130 telling how to resume, keeps finished shards, leaves no result/temp file; the printed resume command gives files byte-identical to an uninterrupted run', async () => {
    const out = box.out('sigint');
    const slow = startCli(['run', box.config, ...campaign, '--out', out], { env: SLOW });
    await waitFor(() => shardFiles(out).length > 0, 'the first finished shard');
    expect(slow.child.exitCode).toBeNull();
    slow.child.kill('SIGINT');
    const r = await slow.done;
    expect(r.code, describeResult(r)).toBe(130);
    expect(r.stdout).toBe('');
    const done = expectCleanlyInterrupted(out);
    expect(r.stderr).toContain(`interrupted (SIGINT) after ${done} of ${TRIALS} trials`);
    const hint = /resume with: scale-across run (.+)$/m.exec(r.stderr);
    expect(hint, r.stderr).not.toBeNull();
    const args = hint![1]!.split(' ');
    expect(args).toContain('--resume');
    const interrupted = readManifest(out);

    // Resume exactly as told (no fault injection now).
    const resumed = await runOk(['run', ...args]);
    expect(resumed.stdout).toContain(`${TRIALS} trials`);
    expect(hashes(out)).toEqual(referenceHashes);
    const m = readManifest(out);
    expect(m.status).toBe('complete');
    expect(m.started_at).toBe(interrupted.started_at);
    expect(m.elapsed_s).toBeGreaterThan(interrupted.elapsed_s); // the elapsed time of both runs
    expect(entries(out)).toEqual(['causes.arrow', 'comparison.arrow', 'histograms.arrow', 'manifest.json', 'summary.arrow', 'trials.arrow']);

    // --resume of a complete campaign: nothing to do, files untouched.
    const again = await runOk(['run', ...args]);
    expect(again.stderr).toMatch(/already complete/);
    expect(hashes(out)).toEqual(referenceHashes);
  });
});

describe('SIGTERM, the run lock, and refused resumes', () => {
  it('refuses a second run into a folder in use (exit 2 naming the holder), exits 143 on SIGTERM, refuses --resume with another --trials or --seed without touching the kept shards, then resumes (with other workers and shard size) to the reference files', async () => {
    const out = box.out('sigterm');
    const slow = startCli(['run', box.config, ...campaign, '--out', out], { env: SLOW });
    await waitFor(() => existsSync(join(out, '.lock')) && existsSync(join(out, 'manifest.json')), 'the lock and manifest');
    expect(readFileSync(join(out, '.lock'), 'utf8').split('\n')[0]).toBe(String(slow.child.pid));

    const second = await runCli(['run', box.config, ...campaign, '--out', out, '--quiet']);
    expect(second.code, describeResult(second)).toBe(2);
    expect(second.stderr).toContain(`${out} is in use by another scale-across run (pid ${slow.child.pid})`);
    expect(second.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(slow.child.exitCode).toBeNull(); // the first run goes on, undisturbed

    await waitFor(() => shardFiles(out).length > 0, 'the first finished shard');
    slow.child.kill('SIGTERM');
    const r = await slow.done;
    expect(r.code, describeResult(r)).toBe(143);
    expect(r.stderr).toMatch(/interrupted \(SIGTERM\) after \d+ of 10000 trials/);
    expect(r.stderr).toMatch(/resume with: scale-across run .*--resume/);
    expectCleanlyInterrupted(out);

    const before = { manifest: readFileSync(join(out, 'manifest.json'), 'utf8'), shards: shardFiles(out) };
    // One after the other: run concurrently, they would (rightly) lock each other out.
    const otherTrials = await runCli(['run', box.config, ...sharding, '--trials', '5000', '--out', out, '--resume', '--quiet']);
    const otherSeed = await runCli(['run', box.config, ...campaign, '--seed', '1', '--out', out, '--resume', '--quiet']);
    for (const refused of [otherTrials, otherSeed]) {
      expect(refused.code, describeResult(refused)).toBe(2);
      expect(refused.stderr).toMatch(/holds another campaign/);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    }
    // …saying in what it differs, with the old and the new value.
    expect(otherTrials.stderr).toContain('(trials 10000 → 5000)');
    expect(otherSeed.stderr).toContain(`(seed ${SEED} → 1)`);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before.manifest);
    expect(shardFiles(out)).toEqual(before.shards);

    // Resumed with other sharding: the missing ranges are re-cut into 3072-trial shards
    // that do not line up with the kept 1024-trial ones; the files still match.
    await runOk(['run', box.config, '--trials', String(TRIALS), '--workers', '3', '--shard-size', '3072', '--out', out, '--resume', '--quiet']);
    expect(hashes(out)).toEqual(referenceHashes);
  });

  it('after a hard kill (SIGKILL: stale lock, manifest still "running", a partial trials.arrow temp file in .staging), --resume takes the lock over, removes the temp file and completes to the reference files', async () => {
    const out = box.out('sigkill');
    const slow = startCli(['run', box.config, ...campaign, '--out', out, '--quiet'], { env: SLOW });
    await waitFor(() => shardFiles(out).length > 0, 'the first finished shard');
    slow.child.kill('SIGKILL');
    const r = await slow.done;
    expect(r.signal).toBe('SIGKILL');
    // What a crash leaves: the dead process's lock, a 'running' manifest, and trials.arrow's temp file.
    expect(readFileSync(join(out, '.lock'), 'utf8').split('\n')[0]).toBe(String(slow.child.pid));
    expect(readManifest(out).status).toBe('running');
    expect(entries(join(out, '.staging')).filter((n) => TEMP_NAME.test(n))).toHaveLength(1);

    await runOk(['run', box.config, ...campaign, '--out', out, '--resume', '--quiet']);
    expect(hashes(out)).toEqual(referenceHashes);
    expect(entries(out)).toEqual(['causes.arrow', 'comparison.arrow', 'histograms.arrow', 'manifest.json', 'summary.arrow', 'trials.arrow']);
  });

  it('--resume in a folder without a campaign is refused (exit 2)', async () => {
    const r = await runCli(['run', box.config, '--out', box.out('empty'), '--resume', '--quiet']);
    expect(r.code, describeResult(r)).toBe(2);
    expect(r.stderr).toMatch(/nothing to resume/);
  });
});
