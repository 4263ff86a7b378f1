/**
 * A real Slurm cluster on this machine (`scripts/slurm-localhost.sh`, which installs
 * Slurm on a fresh machine) running what `scale-across slurm submit` writes: a throttled
 * job array and a merge job that depends on it with afterok.
 *
 * scale-across itself is replaced here by a small shell script (`--cli`) that records
 * what each task was asked to run, when, and with which CPUs, so these tests check the
 * scheduler half — the array, its throttle, the dependency, the arguments every task
 * gets — independently of the campaign engine. The same flow with the real engine, byte
 * for byte against a local run, is slurm.e2e.test.ts.
 *
 * Skipped, with a notice, only on a machine that cannot install packages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, ROOT, START_TIMEOUT_MS, startLocalSlurm, submittedJobs, waitForJobs, type ClusterStart } from './slurm-cluster.js';

const JOBS_TIMEOUT_MS = 90_000;

/** Stands in for scale-across on the compute node: `run` records, `merge` lists the parts. */
const FAKE_CLI = `#!/bin/bash
set -euo pipefail
cmd=$1; shift
if [[ $cmd == run ]]; then
  args=("$@"); out=""
  while (($#)); do if [[ $1 == --out ]]; then out=$2; fi; shift; done
  i=$SLURM_ARRAY_TASK_ID
  start=$(date +%s.%N)
  if [[ -e $out/fail-$i ]]; then exit 1; fi
  sleep 1
  mkdir -p "$out/parts"
  printf '%s\\n' "$start" "$(date +%s.%N)" "\${SLURM_CPUS_PER_TASK:-}" run "\${args[@]}" > "$out/parts/$i"
elif [[ $cmd == merge ]]; then
  ls "$1/parts" > "$1/merged"
fi
`;

let cluster: ClusterStart = { up: false, reason: 'not started' };
let dir = '';

beforeAll(() => {
  cluster = startLocalSlurm();
  if (!cluster.up) console.warn(`\n*** Slurm tests SKIPPED: this machine cannot install Slurm (${cluster.reason}) ***\n`);
  dir = mkdtempSync(join(tmpdir(), 'slurm-localhost-'));
  writeFileSync(join(dir, 'fake-cli.sh'), FAKE_CLI);
}, START_TIMEOUT_MS + 10_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function submit(out: string, parallel: number) {
  const result = spawnSync(
    process.execPath,
    [CLI, 'slurm', 'submit', 'configs/default.yaml', '--shards', '4', '--parallel', String(parallel), '--trials', '4096', '--out', out, '--cli', `bash ${join(dir, 'fake-cli.sh')}`],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return submittedJobs(result.stdout);
}

/** The largest number of [start, end] intervals that overlap at one instant. */
function maxOverlap(intervals: [number, number][]): number {
  const events = intervals.flatMap(([s, e]) => [[s, 1] as const, [e, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (now += d));
  return max;
}

describe('a one-node Slurm cluster on localhost', () => {
  test('a second start finds it running and leaves it alone', (ctx) => {
    if (!cluster.up) return ctx.skip();
    const again = startLocalSlurm();
    expect(again.up && again.log).toContain('already running');
  });

  // One at a time: this machine's node could run two 1-CPU tasks at once, so only the
  // array's throttle keeps them apart.
  test('slurm submit: 4 array tasks one at a time, each with its shard arguments, then the merge after all of them', async (ctx) => {
    if (!cluster.up) return ctx.skip();
    const out = join(dir, 'ok');
    const { arrayJob, mergeJob } = submit(out, 1);
    const records = await waitForJobs([arrayJob, mergeJob], JOBS_TIMEOUT_MS);

    const tasks = records.get(arrayJob)!;
    expect(tasks.map((r) => [r.arrayTaskId, r.state]).sort()).toEqual([0, 1, 2, 3].map((i) => [String(i), 'COMPLETED']));
    expect(records.get(mergeJob)!.map((r) => r.state)).toEqual(['COMPLETED']);

    const intervals: [number, number][] = [];
    for (let i = 0; i < 4; i++) {
      const [start, end, cpus, ...argv] = readFileSync(join(out, 'parts', String(i)), 'utf8').trimEnd().split('\n');
      intervals.push([Number(start), Number(end)]);
      expect(cpus).toBe('1');
      expect(argv).toEqual([
        'run', join(ROOT, 'configs/default.yaml'), '--shard-from-env', '--shards', '4', '--out', out, '--trials', '4096', '--workers', '1', '--quiet',
      ]);
    }
    expect(maxOverlap(intervals)).toBe(1);
    // The merge saw every part: it started after the last task had written its part.
    expect(readFileSync(join(out, 'merged'), 'utf8')).toBe('0\n1\n2\n3\n');
    const mergeStart = Date.parse(records.get(mergeJob)![0]!.fields.get('StartTime')!);
    for (const t of tasks) expect(mergeStart).toBeGreaterThanOrEqual(Date.parse(t.fields.get('EndTime')!));
  });

  test('slurm submit: when a shard task fails, the merge never runs (afterok) and Slurm cancels it', async (ctx) => {
    if (!cluster.up) return ctx.skip();
    const out = join(dir, 'failing');
    spawnSync('mkdir', ['-p', out]);
    writeFileSync(join(out, 'fail-2'), '');
    const { arrayJob, mergeJob } = submit(out, 2);
    const records = await waitForJobs([arrayJob, mergeJob], JOBS_TIMEOUT_MS);
    const states = Object.fromEntries(records.get(arrayJob)!.map((r) => [r.arrayTaskId, r.state]));
    expect(states).toEqual({ 0: 'COMPLETED', 1: 'COMPLETED', 2: 'FAILED', 3: 'COMPLETED' });
    expect(records.get(mergeJob)!.map((r) => r.state)).toEqual(['CANCELLED']);
    expect(existsSync(join(out, 'merged'))).toBe(false);
  });
});
