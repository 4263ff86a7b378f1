import type { ArgumentsCamelCase, Argv } from 'yargs';
import { loadScenarioFile } from '../../config/index.js';
import { compileScenario } from '../../model/compile-scenario.js';
import { validateReport } from '../../output/text/validate-report.js';
import { runHandler } from '../run-handler.js';
import { importanceSamplingOption, importanceSamplingOverrides, type ImportanceSamplingArgs } from '../importance-sampling-option.js';

interface ValidateArgs extends ImportanceSamplingArgs {
  config: string;
}

export const command = 'validate <config>';
export const describe =
  'check a scenario file and print the resolved topology, paths per scheme, cut rates, availability and the optimum checkpoint interval';

export function builder(yargs: Argv): Argv<ValidateArgs> {
  return importanceSamplingOption(yargs.positional('config', { type: 'string', describe: 'scenario YAML file', demandOption: true }))
    .example('$0 validate configs/default.yaml', 'check the default scenario and show what it resolves to')
    .example('$0 validate configs/metro-triad.yaml --importance-sampling 1000', 'and the cut rates importance sampling would draw at') as Argv<ValidateArgs>;
}

export const handler = runHandler((args: ArgumentsCamelCase<ValidateArgs>) => {
  const compiled = compileScenario(loadScenarioFile(args.config, importanceSamplingOverrides(args)));
  process.stdout.write(`${validateReport(compiled)}\n`);
});
