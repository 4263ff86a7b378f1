/**
 * The one-node Slurm cluster of `scripts/slurm-localhost.sh`, for tests: start it (it
 * installs Slurm on a fresh machine), and wait for jobs by asking the controller.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'dist/src/cli/main.js');
const START_SCRIPT = join(ROOT, 'scripts/slurm-localhost.sh');
/** The script's exit status for "this machine cannot install packages". */
const CANNOT_INSTALL = 3;
/** apt-get on a fresh machine ≈ 20 s here; a slow mirror gets ten times that. */
export const START_TIMEOUT_MS = 300_000;

export type ClusterStart = { up: true; log: string } | { up: false; reason: string };

/**
 * Starts the cluster (idempotent). Fails the test when Slurm could be installed but does
 * not come up; `up: false` only when the machine cannot install packages at all.
 */
export function startLocalSlurm(): ClusterStart {
  const out = spawnSync('bash', [START_SCRIPT], { encoding: 'utf8', timeout: START_TIMEOUT_MS });
  const log = `${out.stdout}${out.stderr}`;
  if (out.status === CANNOT_INSTALL) return { up: false, reason: log.trim().split('\n').pop() ?? 'cannot install' };
  if (out.status !== 0) throw new Error(`scripts/slurm-localhost.sh failed (status ${out.status}, ${out.signal ?? 'no signal'}):\n${log}`);
  return { up: true, log };
}

/** Slurm job states after which a job never runs again. */
const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED']);

export interface JobRecord {
  readonly jobId: string;
  readonly arrayTaskId: string | null;
  readonly state: string;
  readonly fields: ReadonlyMap<string, string>;
}

/** Every record `scontrol show job <id>` prints (an array job: one per task). */
export function jobRecords(jobId: string): JobRecord[] {
  const out = spawnSync('scontrol', ['show', 'job', '--oneliner', jobId], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`scontrol show job ${jobId}: ${out.stderr}`);
  return out.stdout
    .split('\n')
    .filter((line) => line.startsWith('JobId='))
    .map((line) => {
      const fields = new Map<string, string>();
      for (const m of line.matchAll(/(\w+)=(\S*)/g)) if (!fields.has(m[1]!)) fields.set(m[1]!, m[2]!);
      return { jobId: fields.get('JobId')!, arrayTaskId: fields.get('ArrayTaskId') ?? null, state: fields.get('JobState')!, fields };
    });
}

/** Polls the controller until every record of every job is final; throws after `timeoutMs`. */
export async function waitForJobs(jobIds: readonly string[], timeoutMs: number): Promise<Map<string, JobRecord[]>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const records = new Map(jobIds.map((id) => [id, jobRecords(id)]));
    // A pending array shows one record for its not-yet-started tasks ("ArrayTaskId=1-3%2").
    const done = [...records.values()].every((rs) => rs.every((r) => FINAL.has(r.state) && !/[-,%]/.test(r.arrayTaskId ?? '')));
    if (done) return records;
    if (Date.now() > until) {
      const states = [...records.values()].flat().map((r) => `${r.jobId}:${r.state}`);
      throw new Error(`Slurm jobs ${jobIds.join(',')} not finished after ${timeoutMs / 1000} s: ${states.join(' ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The job ids `scale-across slurm submit` printed. */
export function submittedJobs(stdout: string): { arrayJob: string; mergeJob: string } {
  const arrayJob = /^shards: job (\d+)/m.exec(stdout)?.[1];
  const mergeJob = /^merge: +job (\d+)/m.exec(stdout)?.[1];
  if (!arrayJob || !mergeJob) throw new Error(`no job ids in the output of slurm submit:\n${stdout}`);
  return { arrayJob, mergeJob };
}
