/**
 * README.md#commands: a failing trial or a dying worker thread (fault injection, see
 * src/campaign/fault-injection.ts). A trial that throws stops the campaign with exit 1
 * naming the trial and the command that replays it; a worker thread that dies once is
 * replaced and its shard retried, so the campaign completes with the clean files; one
 * that dies every time fails the campaign naming the trials it was running.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../fixtures/campaign-scenario.js';
import { campaignSandbox, describeResult, runCli, runOk } from '../support/cli.js';
import { TEMP_NAME, entries, hashes, readManifest } from '../support/result-files.js';

const box = campaignSandbox();
// 3 shards of 1024 trials; trial 1500 is in the second, [1024, 2047].
const campaign = ['--trials', '3000', '--workers', '2', '--shard-size', '1024', '--quiet'];
const clean = box.out('clean');
let cleanHashes: Record<string, string>;

beforeAll(async () => {
  await runOk(['run', box.config, ...campaign, '--out', clean]);
  cleanHashes = hashes(clean);
});

/** A failed campaign leaves its manifest and kept shards, no result file, no temp file, no lock. */
function expectFailedCleanly(out: string): void {
  const names = entries(out);
  expect(names.filter((n) => n.endsWith('.arrow') || TEMP_NAME.test(n) || n === '.lock'), names.join(', ')).toEqual([]);
  const m = readManifest(out);
  expect(m.status).toBe('failed');
  expect(m.error).toMatch(/trial|died/);
}

describe('a trial that throws', () => {
  it('exits 1 naming trial N and a trace command that replays it; after that, --resume without the fault completes to the clean files', async () => {
    const out = box.out('throw');
    const r = await runCli(['run', box.config, ...campaign, '--out', out], { env: { SCALE_ACROSS_FAULT_THROW_TRIAL: '1500' } });
    expect(r.code, describeResult(r)).toBe(1);
    expect(r.stderr).toMatch(/\btrial 1500\b/);
    expect(r.stderr).toContain('injected fault at trial 1500');
    const trace = /replay it with: scale-across (trace .+)$/m.exec(r.stderr);
    expect(trace, r.stderr).not.toBeNull();
    expect(trace![1]).toBe(`trace ${box.config} --trial 1500 --seed ${SEED}`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expectFailedCleanly(out);

    // The printed trace command is a valid command line that replays trial 1500.
    const [replay, resumed] = await Promise.all([
      runCli(trace![1]!.split(' ')),
      runCli(['run', box.config, ...campaign, '--out', out, '--resume']),
    ]);
    expect(replay.code, describeResult(replay)).toBe(0);
    expect(replay.stdout).toMatch(/Trial 1500\b/);
    expect(resumed.code, describeResult(resumed)).toBe(0);
    expect(hashes(out)).toEqual(cleanHashes);
  });
});

describe('a worker thread that dies', () => {
  it('once (SCALE_ACROSS_FAULT_EXIT_ONCE): the shard is retried and the campaign completes with files identical to a clean run', async () => {
    const out = box.out('exit-once');
    const marker = join(box.dir, 'exited-once');
    const r = await runCli(['run', box.config, ...campaign, '--out', out], {
      env: { SCALE_ACROSS_FAULT_EXIT_TRIAL: '1500', SCALE_ACROSS_FAULT_EXIT_ONCE: marker },
    });
    expect(existsSync(marker)).toBe(true); // the worker did die at trial 1500
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stderr).toBe('');
    expect(hashes(out)).toEqual(cleanHashes);
    expect(readManifest(out).status).toBe('complete');
  });

  it('every time: exits 1 with a message naming the trials of the shard, after one retry', async () => {
    const out = box.out('exit-always');
    const r = await runCli(['run', box.config, ...campaign, '--out', out], { env: { SCALE_ACROSS_FAULT_EXIT_TRIAL: '1500' } });
    expect(r.code, describeResult(r)).toBe(1);
    expect(r.stderr).toMatch(/died twice on trials 1024.2047/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expectFailedCleanly(out);
  });
});
