/**
 * The options every campaign command shares (run, sweep, optimize): declared once as
 * data for yargs and its help, checked once, turned into overrides once.
 */
import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import type { Override } from '../config/index.js';
import type { Scenario } from '../model/scenario.js';
import { BLOCK_TRIALS } from '../stats/block-aggregator.js';
import { parseShardFlag, shardFromEnv, ShardTaskError, SHARD_INDEX_VARIABLES, type ShardTask } from '../campaign/shard-task-plan.js';
import { checkOutDir } from './out-dir.js';
import { UserError } from './user-error.js';

export interface CampaignArgs {
  trials?: number;
  seed?: number;
  workers?: number;
  out?: string;
  schemes?: string;
  resume: boolean;
  overwrite: boolean;
  summaryOnly: boolean;
  quiet: boolean;
  json: boolean;
  shardSize?: number;
  shard?: string;
  shardFromEnv: boolean;
  shards?: number;
}

/** @param shardable also the --shard flags (run and sweep; not optimize, whose campaigns run one after another) */
export function campaignOptions<T>(yargs: Argv<T>, shardable = false): Argv<T & CampaignArgs> {
  const common = yargs
    .option('trials', { type: 'number', describe: 'number of trials (overrides the scenario)' })
    .option('seed', { type: 'number', describe: 'campaign seed (overrides the scenario)' })
    .option('workers', { type: 'number', describe: 'worker threads (default: the available cores)' })
    .option('out', { type: 'string', describe: 'result folder' })
    .option('schemes', { type: 'string', describe: 'comma-separated scheme ids of the scenario to run, in this order (the first is the baseline)' })
    .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted campaign in the result folder' })
    .option('overwrite', {
      type: 'boolean',
      default: false,
      describe: 'replace a complete campaign in the result folder (kept until the new results are written)',
    })
    .option('summary-only', { type: 'boolean', default: false, describe: 'no per-trial file (memory flat in the trial count)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' })
    .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
    .option('shard-size', {
      type: 'number',
      describe: `trials per shard, a multiple of ${BLOCK_TRIALS} (default: about 16 shards per worker)`,
      hidden: true,
    });
  if (!shardable) return common as unknown as Argv<T & CampaignArgs>;
  return common
    .option('shard', {
      type: 'string',
      describe: 'run only shard i of n (i/n, from 0) and write its part into <out>/parts/ for `merge`',
    })
    .option('shard-from-env', {
      type: 'boolean',
      default: false,
      describe: `like --shard, the index from ${SHARD_INDEX_VARIABLES.join(', ')} (with --shards n)`,
    })
    .option('shards', { type: 'number', describe: 'the number of shards, with --shard-from-env' }) as unknown as Argv<T & CampaignArgs>;
}

function positiveInteger(name: string, value: number | undefined, max = Number.MAX_SAFE_INTEGER): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > max))
    throw new UserError(`--${name}: must be an integer from 1 to ${max}, got ${value}`);
}

/**
 * More worker threads than this many per core gain nothing (trials are CPU-bound) and
 * each costs its own heap: 256 on 2 cores took 35 s and 2.1 GB for 100 trials.
 */
export const WORKERS_PER_CORE = 4;

/**
 * The worker count: `--workers` (results do not depend on it), capped at
 * {@link WORKERS_PER_CORE} × the available cores with a warning.
 */
export function workerCount(requested: number | undefined, cores = availableParallelism()): { workers: number; warning?: string } {
  if (requested === undefined) return { workers: cores };
  const cap = WORKERS_PER_CORE * cores;
  if (requested <= cap) return { workers: requested };
  return {
    workers: cap,
    warning: `--workers ${requested}: more than ${WORKERS_PER_CORE} per core gain nothing on ${cores} ${cores === 1 ? 'core' : 'cores'} and cost memory; using ${cap}`,
  };
}

/** Checks the flags; returns the scenario overrides they imply and the worker count. */
export function checkCampaignArgs(args: CampaignArgs): { overrides: Override[]; workers: number } {
  // The trial index is a uint32 in trials.arrow (the scenario's own bound, named here as a flag).
  positiveInteger('trials', args.trials, 0xffffffff);
  positiveInteger('workers', args.workers, 256);
  if (args.out !== undefined) checkOutDir(args.out);
  if (args.seed !== undefined && (!Number.isSafeInteger(args.seed) || args.seed < 0))
    throw new UserError(`--seed: must be a non-negative integer, got ${args.seed}`);
  if (
    args.shardSize !== undefined &&
    (!Number.isInteger(args.shardSize) || args.shardSize < BLOCK_TRIALS || args.shardSize % BLOCK_TRIALS !== 0)
  )
    throw new UserError(`--shard-size: must be a positive multiple of ${BLOCK_TRIALS}, got ${args.shardSize}`);
  const overrides: Override[] = [];
  if (args.trials !== undefined) overrides.push(['trials', String(args.trials), '--trials']);
  if (args.seed !== undefined) overrides.push(['seed', String(args.seed), '--seed']);
  const { workers, warning } = workerCount(args.workers);
  if (warning !== undefined) process.stderr.write(`scale-across: ${warning}\n`);
  return { overrides, workers };
}

/**
 * Keeps the schemes named by --schemes, in that order.
 * @param flag names the flag in messages (`optimize` takes one `--scheme`)
 */
export function selectSchemes(scenario: Scenario, list: string | undefined, flag = '--schemes'): Scenario {
  if (list === undefined) return scenario;
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const known = scenario.schemes.map((s) => s.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (ids.length === 0 || unknown.length > 0)
    throw new UserError(
      `${flag}: unknown scheme ${unknown.map((u) => `"${u}"`).join(', ') || '(empty list)'}; the scenario has: ${known.join(', ')}`,
    );
  if (new Set(ids).size !== ids.length) throw new UserError(`${flag}: a scheme is listed twice in "${list}"`);
  return { ...scenario, schemes: ids.map((id) => scenario.schemes.find((s) => s.id === id)!) };
}

/**
 * The shard task the flags ask for (`--shard i/n`, or `--shard-from-env --shards n`),
 * or null for a whole campaign. @throws UserError on a bad or contradictory combination.
 */
export function shardTaskOf(args: CampaignArgs): ShardTask | null {
  try {
    if (args.shard !== undefined && args.shardFromEnv === true) throw new ShardTaskError('--shard and --shard-from-env: give one of them');
    if (args.shards !== undefined && !args.shardFromEnv) throw new ShardTaskError('--shards goes with --shard-from-env (or give --shard i/n)');
    if (args.shardFromEnv && args.shards === undefined) throw new ShardTaskError('--shard-from-env needs --shards n, the number of shards');
    const task = args.shard !== undefined ? parseShardFlag(String(args.shard)) : args.shardFromEnv ? shardFromEnv(args.shards!) : null;
    if (task !== null && args.resume) throw new ShardTaskError('--resume: a shard task is rerun whole (a complete part is kept); run it without --resume');
    return task;
  } catch (error) {
    if (error instanceof ShardTaskError) throw new UserError(error.message);
    throw error;
  }
}

/** The arguments (after `scale-across`) that run this campaign's shard tasks, without `--shard`. */
export function shardTaskCommand(args: CampaignArgs, outDir: string, extra: readonly string[]): string[] {
  return [
    ...extra,
    '--out',
    outDir,
    ...(args.trials ? ['--trials', String(args.trials)] : []),
    ...(args.seed !== undefined ? ['--seed', String(args.seed)] : []),
    ...(args.schemes ? ['--schemes', args.schemes] : []),
    ...(args.summaryOnly ? ['--summary-only'] : []),
  ];
}

/** The flags that reproduce this campaign, for the resume hint. */
export function resumeFlags(args: CampaignArgs, extra: readonly string[] = []): string[] {
  return [
    ...extra,
    '--resume',
    ...(args.out ? ['--out', args.out] : []),
    ...(args.trials ? ['--trials', String(args.trials)] : []),
    ...(args.seed !== undefined ? ['--seed', String(args.seed)] : []),
    ...(args.schemes ? ['--schemes', args.schemes] : []),
    ...(args.summaryOnly ? ['--summary-only'] : []),
  ];
}
