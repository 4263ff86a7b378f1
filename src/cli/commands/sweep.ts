import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { parseSetFlag, sweepGrid } from '../../campaign/sweep-grid.js';
import { loadScenarioFile } from '../../config/index.js';
import type { Scenario } from '../../model/scenario.js';
import { sweepBest, sweepTable } from '../../output/text/sweep-table.js';
import { runSummaryJson } from '../../output/text/run-table.js';
import { campaignOptions, checkCampaignArgs, resumeFlags, selectSchemes, shardTaskOf, type CampaignArgs } from '../campaign-options.js';
import { campaignCommandOptions, runCampaignCommand, runShardTaskCommand, type CampaignCommand } from '../campaign-outcome.js';
import { runHandler } from '../run-handler.js';
import { resultOptions, writeResultExtras, type ResultArgs } from '../result-options.js';
import type { StopSignal } from '../../campaign/stop-signal.js';
import { withStopSignal } from '../early-signals.js';
import { UserError } from '../user-error.js';
import { importanceSamplingFlags, importanceSamplingOption, importanceSamplingOverrides, type ImportanceSamplingArgs } from '../importance-sampling-option.js';

interface SweepArgs extends CampaignArgs, ResultArgs, ImportanceSamplingArgs {
  config: string;
  set: string[];
}

export const command = 'sweep <config>';
export const describe = 'run a grid of variants of a scenario on the same trials; one result set with a `variant` column';

export function builder(yargs: Argv): Argv<SweepArgs> {
  return resultOptions(importanceSamplingOption(campaignOptions(
    yargs
      .positional('config', { type: 'string', describe: 'scenario YAML file', demandOption: true })
      .option('set', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'key=v1,v2,… (a scenario key, dotted path, units allowed); repeat for a grid',
      }),
    true,
  )))
    .example('$0 sweep configs/default.yaml --set job.checkpoint.interval=3min,6min,12min', 'three checkpoint intervals')
    .example(
      '$0 sweep configs/default.yaml --set schemes[restore].restore=10s,2min --set job.collective_timeout=5min,30min',
      'a 2 × 2 grid',
    ) as unknown as Argv<SweepArgs>;
}

/** Variants may change anything but what makes them comparable trial by trial. */
function checkComparable(base: Scenario, variant: Scenario, label: string): void {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (variant.trials !== base.trials || variant.seed !== base.seed)
    throw new UserError(`--set ${label}: a sweep cannot vary trials or seed (use --trials, --seed)`);
  if (!same(variant.schemes.map((s) => s.id), base.schemes.map((s) => s.id)))
    throw new UserError(`--set ${label}: a sweep cannot add, remove or rename schemes`);
  // Variants are compared trial by trial: they must draw their timelines from one law.
  if (!same(variant.rareEvents, base.rareEvents))
    throw new UserError(`--set ${label}: a sweep cannot vary rare_events (use --importance-sampling for the whole sweep)`);
}

export const handler = runHandler((args: ArgumentsCamelCase<SweepArgs>) => withStopSignal((stop) => sweepCommand(args, stop)));

async function sweepCommand(args: ArgumentsCamelCase<SweepArgs>, stop: StopSignal): Promise<number | void> {
  const { overrides, workers } = checkCampaignArgs(args);
  const task = shardTaskOf(args);
  let axes;
  try {
    axes = args.set.map(parseSetFlag);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  for (const a of axes) if (a.key === 'trials' || a.key === 'seed') throw new UserError(`--set ${a.key}: a sweep cannot vary trials or seed (use --trials, --seed)`);
  const grid = sweepGrid(axes);
  if (grid.length > 256) throw new UserError(`--set: the grid has ${grid.length} variants; at most 256`);
  const scenarios = grid.map((variant) =>
    selectSchemes(loadScenarioFile(args.config, [...overrides, ...importanceSamplingOverrides(args), ...variant.overrides]), args.schemes),
  );
  const base = scenarios[0]!;
  scenarios.forEach((s, v) => checkComparable(base, s, grid[v]!.label));
  const labels = grid.map((v) => v.label);
  const outDir = args.out ?? join('results', `${base.name}-sweep`);
  const campaign: CampaignCommand = {
    args,
    argv: ['sweep', args.config, ...importanceSamplingFlags(args), ...args.set.flatMap((s) => ['--set', s])],
    scenarios,
    variantLabels: labels,
    outDir,
    workers,
    stop,
  };
  if (task !== null) return runShardTaskCommand(campaign, task);
  const outcome = await runCampaignCommand(campaignCommandOptions(campaign), `scale-across ${resumeFlags(args, campaign.argv).join(' ')}`);
  if (typeof outcome === 'number') return outcome;
  const schemes = base.schemes.map((s) => s.id);
  if (args.json) {
    const json = {
      scenario: base.name,
      out: outDir,
      trials: base.trials,
      seed: base.seed,
      elapsed_s: outcome.manifest.elapsed_s,
      variants: labels.map((label, v) => ({ variant: label, schemes: runSummaryJson(outcome.results[v]!, schemes) })),
      best: sweepBest(outcome.results, labels, schemes, outcome.pairs),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    process.stdout.write(
      `${base.name}: sweep of ${labels.length} variants × ${base.trials} trials × ${schemes.length} schemes in ${outcome.manifest.elapsed_s.toFixed(1)} s → ${outDir}/\n\n${sweepTable(outcome.results, labels, schemes, outcome.pairs)}\n`,
    );
  }
  await writeResultExtras(args, outDir);
}
