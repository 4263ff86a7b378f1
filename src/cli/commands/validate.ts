import type { ArgumentsCamelCase, Argv } from 'yargs';
import { loadScenarioFile } from '../../config/index.js';
import { compileScenario } from '../../model/compile-scenario.js';
import { FULL_TABLE_ROWS, validateReport } from '../../output/text/validate-report.js';
import { runHandler } from '../run-handler.js';
import { importanceSamplingOption, importanceSamplingOverrides, type ImportanceSamplingArgs } from '../importance-sampling-option.js';

interface ValidateArgs extends ImportanceSamplingArgs {
  config: string;
  all: boolean;
}

export const command = 'validate <config>';
export const describe =
  'check a scenario file and print the resolved topology, paths per scheme, cut rates, availability and the optimum checkpoint interval';

export function builder(yargs: Argv): Argv<ValidateArgs> {
  return importanceSamplingOption(yargs.positional('config', { type: 'string', describe: 'scenario YAML file', demandOption: true }))
    .option('all', {
      type: 'boolean',
      default: false,
      describe: `list every place, route and SRLG and every scheme's paths (tables over ${FULL_TABLE_ROWS} rows are otherwise summarised)`,
    })
    .example('$0 validate configs/default.yaml', 'check the default scenario and show what it resolves to')
    .example('$0 validate configs/real/cogentco.yaml --all', 'every route of an imported backbone, not only the job\'s top 10')
    .example('$0 validate configs/metro-triad.yaml --importance-sampling 1000', 'and the cut rates importance sampling would draw at') as unknown as Argv<ValidateArgs>;
}

export const handler = runHandler((args: ArgumentsCamelCase<ValidateArgs>) => {
  const compiled = compileScenario(loadScenarioFile(args.config, importanceSamplingOverrides(args)));
  process.stdout.write(`${validateReport(compiled, { all: args.all })}\n`);
});
