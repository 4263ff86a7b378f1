/**
 * Submits a campaign's two Slurm scripts with `sbatch --parsable`: the shard array
 * first, then the merge with `--dependency=afterok:<array job id>` so it starts only once
 * every shard task has succeeded. Failures are values, not exceptions; the command
 * decides what to tell the user.
 */
import { spawnSync } from 'node:child_process';

export type SbatchResult = { ok: true; jobId: string } | { ok: false; missing: boolean; message: string };

/** One `sbatch --parsable <extra…> <script>`; the job id is what precedes any `;cluster`. */
export function sbatch(script: string, extra: readonly string[] = []): SbatchResult {
  const out = spawnSync('sbatch', ['--parsable', ...extra, script], { encoding: 'utf8' });
  if (out.error) {
    const missing = (out.error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, message: missing ? 'sbatch not found on PATH' : out.error.message };
  }
  const jobId = out.stdout.trim().split(';')[0] ?? '';
  if (out.status !== 0 || !/^\d+$/.test(jobId))
    return { ok: false, missing: false, message: (out.stderr.trim() || out.stdout.trim() || `exit status ${out.status}`).replace(/\n/g, '; ') };
  return { ok: true, jobId };
}

/** True when an `sbatch` program can be started (asked for its version, nothing submitted). */
export function sbatchAvailable(): boolean {
  const out = spawnSync('sbatch', ['--version'], { encoding: 'utf8' });
  return !out.error;
}

/** Submits the array, then the merge after it; stops at the first failure. */
export function submitCampaign(shardsScript: string, mergeScript: string):
  | { ok: true; arrayJob: string; mergeJob: string }
  | { ok: false; which: 'shards' | 'merge'; missing: boolean; message: string; arrayJob?: string } {
  const array = sbatch(shardsScript);
  if (!array.ok) return { ...array, which: 'shards' };
  const merge = sbatch(mergeScript, [`--dependency=afterok:${array.jobId}`]);
  if (!merge.ok) return { ...merge, which: 'merge', arrayJob: array.jobId };
  return { ok: true, arrayJob: array.jobId, mergeJob: merge.jobId };
}
