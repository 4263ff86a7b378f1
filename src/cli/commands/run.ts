import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { loadScenarioFile } from '../../config/index.js';
import { causeCosts, causeTable } from '../../output/text/cause-table.js';
import { runSummaryJson, runTable } from '../../output/text/run-table.js';
import { campaignOptions, checkCampaignArgs, resumeFlags, selectSchemes, shardTaskOf, type CampaignArgs } from '../campaign-options.js';
import { campaignCommandOptions, runCampaignCommand, runShardTaskCommand, type CampaignCommand } from '../campaign-outcome.js';
import { runHandler } from '../run-handler.js';
import { resultOptions, writeResultExtras, type ResultArgs } from '../result-options.js';
import type { StopSignal } from '../../campaign/stop-signal.js';
import { withStopSignal } from '../early-signals.js';
import { checkPrecisionArgs, precisionFlags, precisionOptions, precisionTarget, type PrecisionArgs } from '../precision-options.js';
import { precisionTable } from '../../output/text/precision-table.js';

import { importanceSamplingFlags, importanceSamplingOption, importanceSamplingOverrides, type ImportanceSamplingArgs } from '../importance-sampling-option.js';

interface RunArgs extends CampaignArgs, ResultArgs, PrecisionArgs, ImportanceSamplingArgs {
  config: string;
}

export const command = 'run [config]';
export const describe = 'run a campaign: every trial under every scheme, results as Arrow files in results/<name>/';

export function builder(yargs: Argv): Argv<RunArgs> {
  return precisionOptions(resultOptions(importanceSamplingOption(campaignOptions(yargs.positional('config', { type: 'string', default: 'configs/default.yaml', describe: 'scenario YAML file' }), true))))
    .example('$0 run', 'the default campaign (configs/default.yaml)')
    .example('$0 run configs/default.yaml --trials 1000000 --summary-only', 'a million trials, summaries only')
    .example('$0 run configs/default.yaml --schemes unprotected,1+1', 'compare two schemes, unprotected as baseline')
    .example('$0 run configs/metro-triad.yaml --importance-sampling 1000', 'rare double failures drawn 1000 × as often while a cable is down, every trial weighted')
    .example('$0 run configs/default.yaml --resume', 'continue after Ctrl-C')
    .example('$0 run configs/metro-triad.yaml --target-ci 10% --max-trials 1000000', 'run until every Δ mean JCT is known to ±10 %')
    .example('$0 run configs/default.yaml --shard 3/16 --out /shared/default', 'shard 3 of 16 of a campaign on a cluster (then: merge /shared/default)') as unknown as Argv<RunArgs>;
}

export const handler = runHandler((args: ArgumentsCamelCase<RunArgs>) => withStopSignal((stop) => runCommand(args, stop)));

async function runCommand(args: ArgumentsCamelCase<RunArgs>, stop: StopSignal): Promise<number | void> {
  const { overrides, workers } = checkCampaignArgs(args);
  const precise = checkPrecisionArgs(args);
  const task = shardTaskOf(args);
  const scenario = selectSchemes(loadScenarioFile(args.config, [...overrides, ...importanceSamplingOverrides(args), ...(precise?.overrides ?? [])]), args.schemes);
  const precision = precise === null ? undefined : precisionTarget(precise, scenario, args.shardSize);
  const outDir = args.out ?? join('results', scenario.name);
  const campaign: CampaignCommand = {
    args,
    argv: ['run', args.config, ...importanceSamplingFlags(args)],
    scenarios: [scenario],
    variantLabels: null,
    outDir,
    workers,
    stop,
  };
  if (task !== null) return runShardTaskCommand(campaign, task);
  const outcome = await runCampaignCommand(
    { ...campaignCommandOptions(campaign), ...(precision !== undefined ? { precision } : {}) },
    `scale-across ${[...resumeFlags(args, campaign.argv), ...precisionFlags(args)].join(' ')}`,
  );
  if (typeof outcome === 'number') return outcome;
  const schemes = scenario.schemes.map((s) => s.id);
  const m = outcome.manifest;
  const result = outcome.results[0]!;
  const trials = result.trials;
  const causes = causeTable(scenario, outcome.causes[0]!);
  if (args.json) {
    const json = {
      scenario: scenario.name,
      out: outDir,
      trials,
      seed: scenario.seed,
      elapsed_s: m.elapsed_s,
      trials_per_s: m.trials_per_s,
      workers,
      coordinator_share: outcome.coordinatorShare,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
      schemes: runSummaryJson(result, schemes),
      causes: causeCosts(scenario, outcome.causes[0]!),
      ...(m.precision !== undefined ? { precision: m.precision } : {}),
      ...(m.importance_sampling !== undefined ? { importance_sampling: m.importance_sampling } : {}),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    process.stdout.write(
      `${scenario.name}: ${trials} trials × ${schemes.length} schemes in ${m.elapsed_s.toFixed(1)} s (${Math.round(m.trials_per_s)} trials/s, ${workers} workers) → ${outDir}/\n\n${runTable(result, schemes)}\n${m.precision?.outcome ? `\n${precisionTable(m.precision)}\n` : ''}${causes ? `\nWhich cause costs what (per job: network crashes it caused · work they lost)\n${causes}\n` : ''}`,
    );
  }
  await writeResultExtras(args, outDir);
}
