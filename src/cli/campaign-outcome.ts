/**
 * Runs a campaign for a command and maps what can go wrong to the user's terms:
 * refusals are bad input (exit 2), an interruption prints how to resume and exits
 * 130/143.
 */
import { join } from 'node:path';
import { CampaignRefused, runCampaign, type CampaignOptions, type CampaignOutcome } from '../campaign/coordinator.js';
import { LockedError } from '../campaign/run-lock.js';
import { runShardTask, type ShardTaskOptions } from '../campaign/shard-task.js';
import { ShardTaskError } from '../campaign/shard-task-plan.js';
import { EXIT_SIGINT, EXIT_SIGTERM } from './exit-codes.js';
import { UserError } from './user-error.js';

export type Completed = Extract<CampaignOutcome, { status: 'complete' }>;

/** The completed campaign, or the exit code to end with. */
export async function runCampaignCommand(options: CampaignOptions, resumeCommand: string): Promise<Completed | number> {
  let outcome: CampaignOutcome;
  try {
    outcome = await runCampaign(options);
  } catch (error) {
    if (error instanceof CampaignRefused || error instanceof LockedError) throw new UserError(error.message);
    throw error;
  }
  switch (outcome.status) {
    case 'already-complete':
      process.stderr.write(`${options.outDir}: this campaign is already complete; its results are there\n`);
      return 0;
    case 'interrupted':
      if (outcome.manifest === null) {
        process.stderr.write(`\ninterrupted (${outcome.signal}) before the campaign started: nothing was written to ${options.outDir}\n`);
        return outcome.signal === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM;
      }
      process.stderr.write(
        `\ninterrupted (${outcome.signal}) after ${outcome.trialsDone} of ${options.scenarios[0]!.trials} trials; finished shards are kept in ${join(options.outDir, '.shards')}\nresume with: ${resumeCommand}\n`,
      );
      return outcome.signal === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM;
    case 'complete':
      return outcome;
  }
}

/** Runs one shard task (`--shard`) and says what it wrote; returns the exit code. */
export async function runShardTaskCommand(options: ShardTaskOptions): Promise<number> {
  let outcome;
  try {
    outcome = await runShardTask(options);
  } catch (error) {
    if (error instanceof ShardTaskError || error instanceof CampaignRefused) throw new UserError(error.message);
    throw error;
  }
  const { index, count } = options.task;
  if (outcome.status === 'interrupted') {
    process.stderr.write(`\ninterrupted (${outcome.signal}): shard ${index}/${count} wrote no part; run it again\n`);
    return outcome.signal === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM;
  }
  const [first, trials] = outcome.range;
  const what = outcome.status === 'written' ? 'wrote' : 'already complete:';
  process.stdout.write(`shard ${index}/${count}, trials ${first}–${first + trials - 1}: ${what} ${outcome.path}\n`);
  return 0;
}
