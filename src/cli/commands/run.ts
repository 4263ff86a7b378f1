import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { CampaignRefused, runCampaign } from '../../campaign/coordinator.js';
import { LockedError } from '../../campaign/run-lock.js';
import { loadScenarioFile, type Override } from '../../config/index.js';
import type { Scenario } from '../../model/scenario.js';
import { runSummaryJson, runTable } from '../../output/text/run-table.js';
import { BLOCK_TRIALS } from '../../stats/block-aggregator.js';
import { EXIT_SIGINT, EXIT_SIGTERM } from '../exit-codes.js';
import { runHandler } from '../run-handler.js';
import { UserError } from '../user-error.js';

interface RunArgs {
  config: string;
  trials?: number;
  seed?: number;
  workers?: number;
  out?: string;
  schemes?: string;
  resume: boolean;
  summaryOnly: boolean;
  quiet: boolean;
  json: boolean;
  shardSize?: number;
}

export const command = 'run [config]';
export const describe = 'run a campaign: every trial under every scheme, results as Arrow files in results/<name>/';

export function builder(yargs: Argv): Argv<RunArgs> {
  return yargs
    .positional('config', { type: 'string', default: 'configs/default.yaml', describe: 'scenario YAML file' })
    .option('trials', { type: 'number', describe: 'number of trials (overrides the scenario)' })
    .option('seed', { type: 'number', describe: 'campaign seed (overrides the scenario)' })
    .option('workers', { type: 'number', describe: 'worker threads (default: the available cores)' })
    .option('out', { type: 'string', describe: 'result folder (default: results/<name>)' })
    .option('schemes', { type: 'string', describe: 'comma-separated scheme ids of the scenario to run, in this order (the first is the baseline)' })
    .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted campaign in the result folder' })
    .option('summary-only', { type: 'boolean', default: false, describe: 'no per-trial file (memory flat in the trial count)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' })
    .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
    .option('shard-size', { type: 'number', describe: `trials per shard, a multiple of ${BLOCK_TRIALS} (default: about 16 shards per worker)`, hidden: true })
    .example('$0 run', 'the default campaign (configs/default.yaml)')
    .example('$0 run configs/default.yaml --trials 1000000 --summary-only', 'a million trials, summaries only')
    .example('$0 run configs/default.yaml --schemes unprotected,1+1', 'compare two schemes, unprotected as baseline')
    .example('$0 run configs/default.yaml --resume', 'continue after Ctrl-C') as unknown as Argv<RunArgs>;
}

function positiveInteger(name: string, value: number | undefined, max = Number.MAX_SAFE_INTEGER): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > max))
    throw new UserError(`--${name}: must be an integer from 1 to ${max}, got ${value}`);
}

function selectSchemes(scenario: Scenario, list: string | undefined): Scenario {
  if (list === undefined) return scenario;
  const ids = list.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const known = scenario.schemes.map((s) => s.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (ids.length === 0 || unknown.length > 0)
    throw new UserError(`--schemes: unknown scheme ${unknown.map((u) => `"${u}"`).join(', ') || '(empty list)'}; the scenario has: ${known.join(', ')}`);
  if (new Set(ids).size !== ids.length) throw new UserError(`--schemes: a scheme is listed twice in "${list}"`);
  return { ...scenario, schemes: ids.map((id) => scenario.schemes.find((s) => s.id === id)!) };
}

export const handler = runHandler(async (args: ArgumentsCamelCase<RunArgs>) => {
  positiveInteger('trials', args.trials);
  positiveInteger('workers', args.workers, 256);
  if (args.seed !== undefined && (!Number.isInteger(args.seed) || args.seed < 0))
    throw new UserError(`--seed: must be a non-negative integer, got ${args.seed}`);
  if (args.shardSize !== undefined && (!Number.isInteger(args.shardSize) || args.shardSize < BLOCK_TRIALS || args.shardSize % BLOCK_TRIALS !== 0))
    throw new UserError(`--shard-size: must be a positive multiple of ${BLOCK_TRIALS}, got ${args.shardSize}`);
  const overrides: Override[] = [];
  if (args.trials !== undefined) overrides.push(['trials', String(args.trials)]);
  if (args.seed !== undefined) overrides.push(['seed', String(args.seed)]);
  const scenario = selectSchemes(loadScenarioFile(args.config, overrides), args.schemes);
  const outDir = args.out ?? join('results', scenario.name);
  const workers = args.workers ?? availableParallelism();

  let outcome;
  try {
    outcome = await runCampaign({
      scenario,
      outDir,
      workers,
      summaryOnly: args.summaryOnly,
      resume: args.resume,
      quiet: args.quiet,
      shardTrials: args.shardSize,
      configLabel: args.config,
    });
  } catch (error) {
    if (error instanceof CampaignRefused || error instanceof LockedError) throw new UserError(error.message);
    throw error;
  }

  const schemes = scenario.schemes.map((s) => s.id);
  switch (outcome.status) {
    case 'already-complete':
      process.stderr.write(`${outDir}: this campaign is already complete; its results are there\n`);
      return;
    case 'interrupted': {
      const flags = [args.config, '--resume', ...(args.out ? ['--out', args.out] : []), ...(args.trials ? ['--trials', String(args.trials)] : []), ...(args.seed !== undefined ? ['--seed', String(args.seed)] : []), ...(args.schemes ? ['--schemes', args.schemes] : []), ...(args.summaryOnly ? ['--summary-only'] : [])];
      process.stderr.write(
        `\ninterrupted (${outcome.signal}) after ${outcome.trialsDone} of ${scenario.trials} trials; finished shards are kept in ${join(outDir, '.shards')}\nresume with: scale-across run ${flags.join(' ')}\n`,
      );
      return outcome.signal === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM;
    }
    case 'complete': {
      const m = outcome.manifest;
      if (args.json) {
        const json = { scenario: scenario.name, out: outDir, trials: scenario.trials, seed: scenario.seed, elapsed_s: m.elapsed_s, trials_per_s: m.trials_per_s, workers, coordinator_share: outcome.coordinatorShare, peak_rss_mb: process.resourceUsage().maxRSS / 1024, schemes: runSummaryJson(outcome.result, schemes) };
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else {
        process.stdout.write(
          `${scenario.name}: ${scenario.trials} trials × ${schemes.length} schemes in ${m.elapsed_s.toFixed(1)} s (${Math.round(m.trials_per_s)} trials/s, ${workers} workers) → ${outDir}/\n\n${runTable(outcome.result, schemes)}\n`,
        );
      }
      return;
    }
  }
});
