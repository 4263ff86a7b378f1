/**
 * One shard task of a campaign spread over a batch scheduler: runs trials of shard i of
 * n (shard-task-plan.ts) on this machine's worker pool, as a local run does, and writes
 * them as one part file into `<out>/parts/` (part-file.ts) for `scale-across merge`.
 *
 * Idempotent: a part already there for this index and campaign is checked through and
 * kept (nothing to do); a damaged one, or one of another campaign, is replaced. Tasks of
 * one campaign share the folder and take no lock against each other: each writes only
 * its own part, atomically, and two attempts at the same index (a requeue racing a task
 * the scheduler thought lost) write the same bytes, whichever rename comes last.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { campaignHash, type CampaignSpec } from './campaign-spec.js';
import { dispatchShards, type Dispatched } from './coordinator.js';
import { checkPart, PARTS_DIR, partFileName, PartWriter, type PartMeta } from './part-file.js';
import { PartialResultError } from './partial-result.js';
import { createProgress } from './progress.js';
import type { TrialRange } from './shard-plan.js';
import { shardTaskQueue, shardTaskRange, type ShardTask } from './shard-task-plan.js';
import { StopSignal, type StopSignalName } from './stop-signal.js';

export interface ShardTaskOptions extends CampaignSpec {
  readonly task: ShardTask;
  readonly outDir: string;
  readonly workers: number;
  readonly summaryOnly: boolean;
  readonly quiet: boolean;
  readonly shardTrials?: number;
  readonly configLabel?: string;
  /** The command that runs this campaign's shard tasks, without `--shard` (recorded in the part). */
  readonly command: readonly string[];
  readonly stop?: StopSignal;
}

export type ShardTaskOutcome =
  | { readonly status: 'written' | 'already-written'; readonly path: string; readonly range: TrialRange }
  | { readonly status: 'interrupted'; readonly signal: StopSignalName };

export async function runShardTask(options: ShardTaskOptions): Promise<ShardTaskOutcome> {
  const { scenarios, task, workers } = options;
  const trials = scenarios[0]!.trials;
  const range = shardTaskRange(trials, task);
  const [first, count] = range;
  const hash = campaignHash(scenarios);
  const dir = join(options.outDir, PARTS_DIR);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, partFileName(task));
  if (existsSync(path)) {
    try {
      const { meta } = checkPart(path);
      if (meta.campaign_hash === hash && meta.rows === !options.summaryOnly && meta.shard_index === task.index && meta.shard_count === task.count)
        return { status: 'already-written', path, range };
      process.stderr.write(`scale-across: replacing ${path}: it holds another campaign or shard\n`);
    } catch (error) {
      if (!(error instanceof PartialResultError)) throw error;
      process.stderr.write(`scale-across: replacing ${path}: ${error.message}\n`);
    }
  }

  const stop = options.stop ?? new StopSignal();
  const meta: PartMeta = {
    shard_index: task.index,
    shard_count: task.count,
    first,
    trials: count,
    campaign_hash: hash,
    rows: !options.summaryOnly,
    scenarios,
    variant_labels: options.variantLabels,
    command: options.command,
  };
  const writer = new PartWriter(path, meta);
  const queue = shardTaskQueue(range, workers, options.shardTrials);
  const progress = createProgress(count, 0, options.quiet, `shard ${task.index}/${task.count}`);
  let outcome: Dispatched;
  try {
    outcome = await dispatchShards(options, hash, [], queue, writer, null, [], stop, (done) => progress.update(done), first);
  } catch (error) {
    writer.abort();
    throw error;
  } finally {
    progress.stop();
    if (options.stop === undefined) stop.dispose();
  }
  if (outcome.failure !== null) {
    writer.abort();
    throw outcome.failure;
  }
  if (outcome.signal !== null) {
    writer.abort();
    return { status: 'interrupted', signal: outcome.signal };
  }
  writer.finish();
  return { status: 'written', path, range };
}
