/**
 * Runs a campaign for a command and maps what can go wrong to the user's terms:
 * refusals are bad input (exit 2), an interruption prints how to resume and exits
 * 130/143. run and sweep describe their campaign once ({@link CampaignCommand}); its
 * flags become campaign or shard-task options here and nowhere else.
 */
import { join } from 'node:path';
import type { CampaignSpec } from '../campaign/campaign-spec.js';
import { CampaignRefused, runCampaign, type CampaignOptions, type CampaignOutcome } from '../campaign/coordinator.js';
import { LockedError } from '../campaign/run-lock.js';
import { runShardTask } from '../campaign/shard-task.js';
import { ShardTaskError, type ShardTask } from '../campaign/shard-task-plan.js';
import type { StopSignal } from '../campaign/stop-signal.js';
import { shardTaskCommand, type CampaignArgs } from './campaign-options.js';
import { EXIT_SIGINT, EXIT_SIGTERM } from './exit-codes.js';
import type { ResultArgs } from './result-options.js';
import { UserError } from './user-error.js';

export type Completed = Extract<CampaignOutcome, { status: 'complete' }>;

/** A run or sweep campaign: its parsed flags and what the command resolved from them. */
export interface CampaignCommand extends CampaignSpec {
  readonly args: CampaignArgs & ResultArgs & { readonly config: string };
  /** The subcommand and its own arguments (`['sweep', config, '--set', …]`): how every command line the campaign records or suggests begins. */
  readonly argv: readonly string[];
  readonly outDir: string;
  readonly workers: number;
  readonly stop: StopSignal;
}

/** The options of the whole campaign that `campaign` asks for (without `--shard`). */
export function campaignCommandOptions(campaign: CampaignCommand): CampaignOptions {
  const { args } = campaign;
  return {
    scenarios: campaign.scenarios,
    variantLabels: campaign.variantLabels,
    outDir: campaign.outDir,
    workers: campaign.workers,
    summaryOnly: args.summaryOnly,
    parquet: args.format?.includes('parquet') === true,
    resume: args.resume,
    overwrite: args.overwrite,
    stop: campaign.stop,
    quiet: args.quiet,
    shardTrials: args.shardSize,
    configLabel: args.config,
  };
}

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

/** Runs one shard task (`--shard`) of `campaign` and says what it wrote; returns the exit code. */
export async function runShardTaskCommand(campaign: CampaignCommand, task: ShardTask): Promise<number> {
  const { args } = campaign;
  let outcome;
  try {
    outcome = await runShardTask({
      scenarios: campaign.scenarios,
      variantLabels: campaign.variantLabels,
      task,
      outDir: campaign.outDir,
      workers: campaign.workers,
      summaryOnly: args.summaryOnly,
      quiet: args.quiet,
      shardTrials: args.shardSize,
      configLabel: args.config,
      command: shardTaskCommand(args, campaign.outDir, campaign.argv),
      stop: campaign.stop,
    });
  } catch (error) {
    if (error instanceof ShardTaskError || error instanceof CampaignRefused) throw new UserError(error.message);
    throw error;
  }
  const { index, count } = task;
  if (outcome.status === 'interrupted') {
    process.stderr.write(`\ninterrupted (${outcome.signal}): shard ${index}/${count} wrote no part; run it again\n`);
    return outcome.signal === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM;
  }
  const [first, trials] = outcome.range;
  const what = outcome.status === 'written' ? 'wrote' : 'already complete:';
  process.stdout.write(`shard ${index}/${count}, trials ${first}–${first + trials - 1}: ${what} ${outcome.path}\n`);
  return 0;
}
