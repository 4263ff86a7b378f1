/**
 * A campaign on a real Slurm cluster (the one-node cluster of scripts/slurm-localhost.sh,
 * installed on a fresh machine): `scale-across slurm submit` sends a 4-task array, at most
 * 2 tasks at a time, and the merge that depends on it; the merged Arrow files must be byte
 * for byte those of one local `run` of the same scenario, seed and trials.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, envWithout, expectSameArrowFiles } from './campaign-files.js';
import { START_TIMEOUT_MS, startLocalSlurm, submittedJobs, waitForJobs, type ClusterStart } from './slurm-cluster.js';
import { spawnSync } from 'node:child_process';
import { CLI, ROOT } from './slurm-cluster.js';

const TRIALS = String(4 * 16 * 1024); // four shards of 16 blocks
const JOBS_TIMEOUT_MS = 300_000;

describe('a campaign as a Slurm job array and a dependent merge', () => {
  let cluster: ClusterStart = { up: false, reason: 'not started' };
  let dir = '';
  beforeAll(() => {
    cluster = startLocalSlurm();
    if (!cluster.up) console.warn(`\n*** Slurm end-to-end test SKIPPED: this machine cannot install Slurm (${cluster.reason}) ***\n`);
    dir = mkdtempSync(join(tmpdir(), 'slurm-e2e-'));
  }, START_TIMEOUT_MS + 10_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('4 tasks (2 at a time) + merge = one local run, byte for byte', async (ctx) => {
    if (!cluster.up) return ctx.skip();
    const local = await cli(['run', 'configs/default.yaml', '--trials', TRIALS, '--out', join(dir, 'local'), '--quiet'], envWithout({}));
    expect(local.stderr).toBe('');
    expect(local.status).toBe(0);

    const out = join(dir, 'cluster');
    const submit = spawnSync(
      process.execPath,
      [CLI, 'slurm', 'submit', 'configs/default.yaml', '--shards', '4', '--parallel', '2', '--trials', TRIALS, '--out', out],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(submit.stderr).toBe('');
    expect(submit.status).toBe(0);
    const { arrayJob, mergeJob } = submittedJobs(submit.stdout);
    const records = await waitForJobs([arrayJob, mergeJob], JOBS_TIMEOUT_MS);
    const states = [...records.values()].flat().map((r) => `${r.arrayTaskId ?? 'merge'}:${r.state}`).sort();
    expect(states, `see ${out}/slurm/*.out`).toEqual(['0:COMPLETED', '1:COMPLETED', '2:COMPLETED', '3:COMPLETED', 'merge:COMPLETED']);

    expectSameArrowFiles(join(dir, 'local'), out);
  });
});
