/**
 * Plays the Kubernetes Job controller of deploy/kubernetes/shards-job.yaml: N pods are N
 * processes with JOB_COMPLETION_INDEX=0…N−1 running `run --shard-from-env`; one is
 * killed with SIGKILL while it works (a node lost, a pod evicted) and started again, as
 * backoffLimitPerIndex does; then the merge Job. The merged Arrow files must be byte for
 * byte those of one local `run` of the same scenario, seed and trials.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cli, envWithout, expectSameArrowFiles, type Exit } from './campaign-files.js';

const SHARDS = 3;
const KILLED = 1;
const TRIALS = String(SHARDS * 24 * 1024);

describe('a campaign as a Kubernetes Indexed Job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test(`${SHARDS} indexed pods, pod ${KILLED} killed and retried, then merge = one local run, byte for byte`, async () => {
    const started = Date.now();
    const local = await cli(['run', 'configs/default.yaml', '--trials', TRIALS, '--out', join(dir, 'local'), '--quiet'], envWithout({}));
    expect(local.status, local.stderr).toBe(0);
    const localMs = Date.now() - started;

    const out = join(dir, 'pvc');
    const pod = (index: number, onStart?: (kill: (s: NodeJS.Signals) => void) => void): Promise<Exit> =>
      cli(
        ['run', 'configs/default.yaml', '--shard-from-env', '--shards', String(SHARDS), '--trials', TRIALS, '--out', out, '--workers', '1', '--quiet'],
        envWithout({ JOB_COMPLETION_INDEX: String(index) }),
        onStart,
      );
    // One worker doing a third of the trials, beside two others, needs at least two
    // thirds of the local run's time: a kill at a third of it lands while it works.
    const pods = Array.from({ length: SHARDS }, (_, i) =>
      pod(i, i === KILLED ? (kill) => setTimeout(() => kill('SIGKILL'), localMs / 3) : undefined),
    );
    const exits = await Promise.all(pods);
    const killed = exits[KILLED]!;
    expect(killed.signal, `the pod was to be killed while it ran, but ended by itself (${killed.status}): ${killed.stderr}`).toBe('SIGKILL');
    for (const [i, exit] of exits.entries()) if (i !== KILLED) expect(exit.status, exit.stderr).toBe(0);

    const retry = await pod(KILLED);
    expect(retry.status, retry.stderr).toBe(0);
    const merge = await cli(['merge', out], envWithout({}));
    expect(merge.status, merge.stderr).toBe(0);

    expectSameArrowFiles(join(dir, 'local'), out);
  });
});
