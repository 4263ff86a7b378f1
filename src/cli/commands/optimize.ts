import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { loadScenarioFile, type Override } from '../../config/index.js';
import { compileNetwork, schemeDalyInterval } from '../../model/compile-scenario.js';
import { youngInterval } from '../../model/daly.js';
import { METRICS } from '../../model/metrics.js';
import { formatDuration, formatTable, trim } from '../../output/text/table.js';
import { searchInterval, type GridMeans } from '../../campaign/optimize-search.js';
import { pairedMeansCovariance } from '../../stats/paired-covariance.js';
import { campaignOptions, checkCampaignArgs, selectSchemes, type CampaignArgs } from '../campaign-options.js';
import { runCampaignCommand } from '../campaign-outcome.js';
import { runHandler } from '../run-handler.js';
import { writeOptimizeResult } from '../../output/optimize-result.js';
import { resultOptions, writeResultExtras, type ResultArgs } from '../result-options.js';
import { UserError } from '../user-error.js';

interface OptimizeArgs extends CampaignArgs, ResultArgs {
  config: string;
  param: string;
  scheme?: string;
  points: number;
}

const PARAM = 'job.checkpoint.interval';
const JCT = METRICS.indexOf('jct_h');

export const command = 'optimize <config>';
export const describe = "find the checkpoint interval that minimises mean JCT, by simulation, next to Daly's and Young's";

export function builder(yargs: Argv): Argv<OptimizeArgs> {
  return resultOptions(campaignOptions(
    yargs
      .positional('config', { type: 'string', describe: 'scenario YAML file', demandOption: true })
      .option('param', { type: 'string', default: PARAM, describe: `the parameter to optimise (${PARAM})` })
      .option('scheme', { type: 'string', describe: 'the scheme to optimise for (default: the first)' })
      .option('points', { type: 'number', default: 9, describe: 'grid points per stage (≥ 5)' }),
  ), false)
    .example('$0 optimize configs/validation/daly-optimum-24h.yaml --param job.checkpoint.interval', "Daly's case M = 24 h")
    .example('$0 optimize configs/default.yaml --scheme unprotected --json', 'as JSON') as unknown as Argv<OptimizeArgs>;
}

/** One campaign over a grid of intervals on the same trials: the grid's means and their covariance. */
async function evaluate(args: ArgumentsCamelCase<OptimizeArgs>, intervals: number[], stage: number, workers: number, overrides: Override[]): Promise<GridMeans | number> {
  const scenarios = intervals.map((h) => selectSchemes(loadScenarioFile(args.config, [...overrides, [PARAM, `${h}h`]]), args.scheme, '--scheme'));
  const base = scenarios[0]!;
  const outcome = await runCampaignCommand(
    {
      scenarios,
      variantLabels: intervals.map((h) => `${PARAM}=${h}h`),
      outDir: join(args.out ?? join('results', `${base.name}-optimize`), `stage-${stage}`),
      workers,
      summaryOnly: true,
      resume: false,
      overwrite: true, // a stage folder is the search's scratch: a new optimize run replaces it
      quiet: args.quiet,
      shardTrials: args.shardSize,
      configLabel: args.config,
      progressLabel: `${base.name} optimize stage ${stage}`,
    },
    `scale-across optimize ${args.config} (interrupted runs of optimize start over)`,
  );
  if (typeof outcome === 'number') return outcome;
  const n = base.trials;
  const means = outcome.results.map((r) => r.summary.mean[JCT]!);
  const variances = outcome.results.map((r) => r.summary.stdev[JCT]! ** 2);
  const covariance = pairedMeansCovariance(n, variances, (i, j) => outcome.pairs!.difference(0, i, j).variance);
  return { intervals, means, se: variances.map((v) => Math.sqrt(v / n)), covariance };
}

export const handler = runHandler(async (args: ArgumentsCamelCase<OptimizeArgs>) => {
  if (args.param !== PARAM) throw new UserError(`--param: only ${PARAM} can be optimised; use \`sweep\` to explore ${args.param}`);
  if (!Number.isInteger(args.points) || args.points < 5 || args.points > 25) throw new UserError(`--points: must be an integer from 5 to 25, got ${args.points}`);
  const { overrides, workers } = checkCampaignArgs(args);
  const scenario = selectSchemes(loadScenarioFile(args.config, overrides), args.scheme, '--scheme');
  const scheme = scenario.schemes[0]!;
  if (scenario.job.checkpoint.write <= 0) throw new UserError('job.checkpoint.write: must be > 0 to optimise the interval (with free checkpoints, checkpoint continuously)');
  const network = compileNetwork({ ...scenario, schemes: [scheme] });
  const { interval: daly, mtbf } = schemeDalyInterval(network, 0);
  if (!Number.isFinite(mtbf)) throw new UserError(`scheme ${scheme.id} never crashes: every interval ≥ the work is optimal`);
  const young = youngInterval(scenario.job.checkpoint.write, mtbf);
  let stopped = 0;
  const search = await searchInterval({
    start: daly,
    work: scenario.job.work,
    points: args.points,
    measure: async (intervals, stage) => {
      const means = await evaluate(args, intervals, stage, workers, overrides);
      if (typeof means !== 'number') return means;
      stopped = means;
      return null;
    },
  });
  if (search === null) return stopped;
  const { best, bestCi, fitted: inside, points } = search;

  const outDir = args.out ?? join('results', `${scenario.name}-optimize`);
  writeOptimizeResult(outDir, {
    param: PARAM, scheme: scheme.id, trials: scenario.trials, best, best_ci: bestCi.map((x) => (Number.isFinite(x) ? x : null)) as [number | null, number | null],
    fitted: inside, fit_coefficients: search.fitCoefficients, daly, young, mtbf_h: mtbf, points, results_dir: `stage-${search.stages}`,
  });
  if (args.report) await writeResultExtras(args, outDir);
  if (args.json) {
    const json = {
      param: PARAM,
      scheme: scheme.id,
      trials: scenario.trials,
      best,
      best_ci: bestCi,
      fitted: inside,
      daly,
      young,
      mtbf_h: mtbf,
      points,
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const table = formatTable(
    [{ header: 'stage', align: 'right' }, { header: 'interval', align: 'right' }, { header: 'mean JCT h', align: 'right' }, { header: '± SE', align: 'right' }],
    points.map((p) => [String(p.stage), formatDuration(p.interval_h), trim(p.mean_jct_h, 7), trim(p.se_h, 3)]),
  );
  process.stdout.write(
    `${scenario.name}, scheme ${scheme.id}: job MTBF ${formatDuration(mtbf)}, write ${formatDuration(scenario.job.checkpoint.write)}, ${scenario.trials} trials per point (common random numbers)\n\n${table}\n\n` +
      `best interval (simulation${inside ? ', quadratic fit in ln τ' : ', best grid point: the fit was not convex inside the grid'}): ${formatDuration(best)}` +
      (inside ? ` (95 % CI ${formatDuration(bestCi[0])} … ${formatDuration(bestCi[1])})` : '') +
      `\nDaly (2006): ${formatDuration(daly)}   Young (1974): ${formatDuration(young)}\n`,
  );
});
