import type { ArgumentsCamelCase, Argv } from 'yargs';
import { loadScenarioFile, type Override } from '../../config/index.js';
import { compileScenario } from '../../model/compile-scenario.js';
import { TrialRunner } from '../../model/trial-runner.js';
import { traceReport } from '../../output/text/trace-report.js';
import { runHandler } from '../run-handler.js';
import { UserError } from '../user-error.js';
import { importanceSamplingOption, importanceSamplingOverrides, type ImportanceSamplingArgs } from '../importance-sampling-option.js';

interface TraceArgs extends ImportanceSamplingArgs {
  config: string;
  trial: number;
  scheme?: string;
  seed?: number;
  network?: boolean;
}

export const command = 'trace <config>';
export const describe = 'print the event timeline of one trial (cuts, repairs, stalls, crashes, restarts) per scheme';

export function builder(yargs: Argv): Argv<TraceArgs> {
  return importanceSamplingOption(yargs.positional('config', { type: 'string', describe: 'scenario YAML file', demandOption: true }))
    .option('trial', { type: 'number', describe: 'trial index (as in trials.arrow)', demandOption: true })
    .option('scheme', { type: 'string', describe: 'scheme id (default: every scheme, one table each)' })
    .option('seed', { type: 'number', describe: 'campaign seed (default: the scenario seed)' })
    .option('network', {
      type: 'boolean',
      describe: 'only cuts, repairs and the job\'s reactions to them (leave out background interruptions and their restarts)',
    })
    .example('$0 trace configs/default.yaml --trial 7', 'trial 7 under every scheme')
    .example('$0 trace configs/default.yaml --trial 7 --network', 'the same, cuts, repairs and the job\'s reactions only')
    .example('$0 trace configs/default.yaml --trial 7 --scheme restore', 'trial 7 under the scheme "restore"')
    .example('$0 trace configs/metro-triad.yaml --trial 7 --importance-sampling 1000', 'trial 7 as a campaign with that flag drew it, and its weight') as unknown as Argv<TraceArgs>;
}

export const handler = runHandler((args: ArgumentsCamelCase<TraceArgs>) => {
  if (!Number.isInteger(args.trial) || args.trial < 0 || args.trial > 0xffffffff)
    throw new UserError(`--trial: must be an integer from 0 to 4294967295, got ${args.trial}`);
  const overrides: Override[] = [...(args.seed === undefined ? [] : [['seed', String(args.seed)] as const]), ...importanceSamplingOverrides(args)];
  const scenario = loadScenarioFile(args.config, overrides);
  const schemes = scenario.schemes.map((s) => s.id);
  if (args.scheme !== undefined && !schemes.includes(args.scheme))
    throw new UserError(`--scheme: no scheme "${args.scheme}" in ${args.config} (schemes: ${schemes.join(', ')})`);
  const compiled = compileScenario(scenario);
  const runner = new TrialRunner(compiled);
  const chosen = args.scheme === undefined ? schemes.map((_, i) => i) : [schemes.indexOf(args.scheme)];
  const reports = chosen.map((s) => traceReport(compiled, runner, args.trial, s, { networkOnly: args.network === true }));
  process.stdout.write(`${reports.join('\n\n')}\n`);
});
