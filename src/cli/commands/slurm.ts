import { mkdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import {
  MERGE_SCRIPT,
  SHARDS_SCRIPT,
  SLURM_DIR,
  sbatchPathProblem,
  shellQuote,
  slurmScripts,
  slurmSubmitCommands,
  type SlurmCampaign,
} from '../../campaign/slurm-scripts.js';
import { sbatchAvailable, submitCampaign } from '../../campaign/slurm-submit.js';
import { loadScenarioFile, type Override } from '../../config/index.js';
import { writeFileAtomic } from '../../output/atomic-file.js';
import { BLOCK_TRIALS } from '../../stats/block-aggregator.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from '../exit-codes.js';
import { runHandler } from '../run-handler.js';
import { UserError } from '../user-error.js';

interface SubmitArgs {
  config: string;
  shards: number;
  parallel?: number;
  out?: string;
  print: boolean;
  summaryOnly: boolean;
  trials?: number;
  seed?: number;
  cpusPerTask: number;
  partition?: string;
  time?: string;
  cli?: string;
}

export const command = 'slurm';
export const describe = 'run a campaign on a Slurm cluster: one array task per shard, then a dependent merge';

const submit = {
  command: 'submit <config>',
  describe: 'write the shard-array and merge batch scripts into <out>/slurm/ and submit both with sbatch',
  builder: (yargs: Argv): Argv<SubmitArgs> =>
    yargs
      .positional('config', { type: 'string', describe: 'scenario YAML file (on storage the compute nodes share)', demandOption: true })
      .option('shards', { type: 'number', demandOption: true, describe: 'shards = array tasks' })
      .option('parallel', { type: 'number', describe: 'at most this many tasks at once (default: all)' })
      .option('out', { type: 'string', describe: 'result folder on shared storage (default: results/<scenario name>)' })
      .option('print', { type: 'boolean', default: false, describe: 'print the scripts and the sbatch commands; write and submit nothing' })
      .option('summary-only', { type: 'boolean', default: false, describe: 'no per-trial file' })
      .option('trials', { type: 'number', describe: 'number of trials (overrides the scenario)' })
      .option('seed', { type: 'number', describe: 'campaign seed (overrides the scenario)' })
      .option('cpus-per-task', { type: 'number', default: 1, describe: "CPUs of each shard task (its worker pool's threads)" })
      .option('partition', { type: 'string', describe: 'Slurm partition of both jobs (default: the cluster default)' })
      .option('time', { type: 'string', describe: 'time limit of each job, in Slurm syntax (e.g. 2:00:00)' })
      .option('cli', {
        type: 'string',
        describe: 'shell command that starts scale-across on a compute node (default: this node and this script)',
      })
      .example('$0 slurm submit configs/default.yaml --shards 16 --parallel 4 --summary-only', '16 tasks, 4 at a time')
      .example('$0 slurm submit configs/default.yaml --shards 4 --print', 'show the scripts, submit nothing') as unknown as Argv<SubmitArgs>,
  handler: runHandler(submitHandler),
};

export function builder(yargs: Argv): Argv {
  return yargs.command(submit).demandCommand(1, 'name a slurm command: submit');
}

export function handler(): void {}

function integer(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min || value > max))
    throw new UserError(`--${name}: must be an integer from ${min} to ${max}, got ${value}`);
}

function submitHandler(args: ArgumentsCamelCase<SubmitArgs>): number | void {
  integer('shards', args.shards, 1, 1_000_000);
  integer('parallel', args.parallel, 1, args.shards);
  integer('cpus-per-task', args.cpusPerTask, 1, 4096);
  integer('trials', args.trials, 1, Number.MAX_SAFE_INTEGER);
  integer('seed', args.seed, 0, Number.MAX_SAFE_INTEGER);
  if (args.partition !== undefined && !/^[\w.-]+$/.test(args.partition))
    throw new UserError(`--partition: not a partition name: "${args.partition}"`);
  if (args.time !== undefined && !/^\d+(-\d+)?(:\d+){0,2}$/.test(args.time))
    throw new UserError(`--time: not a Slurm time limit (minutes, [D-]HH:MM:SS, …): "${args.time}"`);
  const overrides: Override[] = [];
  if (args.trials !== undefined) overrides.push(['trials', String(args.trials)]);
  if (args.seed !== undefined) overrides.push(['seed', String(args.seed)]);
  const scenario = loadScenarioFile(args.config, overrides); // a bad scenario fails here, not on the cluster
  // Shards are whole blocks of trials: more shards than blocks would leave some empty.
  const blocks = Math.ceil(scenario.trials / BLOCK_TRIALS);
  if (args.shards > blocks)
    throw new UserError(
      `--shards: ${args.shards} is more than the ${blocks} blocks of ${BLOCK_TRIALS} trials in a ${scenario.trials}-trial campaign; use at most ${blocks} shards or more --trials`,
    );
  const outDir = resolve(args.out ?? join('results', scenario.name));
  const problem = sbatchPathProblem(outDir);
  if (problem) throw new UserError(`--out: ${outDir} ${problem}; choose another result folder`);

  const campaign: SlurmCampaign = {
    config: resolve(args.config),
    outDir,
    shards: args.shards,
    parallel: args.parallel ?? args.shards,
    cpusPerTask: args.cpusPerTask,
    summaryOnly: args.summaryOnly,
    ...(args.trials !== undefined && { trials: args.trials }),
    ...(args.seed !== undefined && { seed: args.seed }),
    ...(args.partition !== undefined && { partition: args.partition }),
    ...(args.time !== undefined && { timeLimit: args.time }),
    cli: args.cli ?? `${shellQuote(process.execPath)} ${shellQuote(realpathSync(process.argv[1]!))}`,
    jobName: scenario.name.replace(/[^\w.-]/g, '_'),
  };
  const scripts = slurmScripts(campaign);
  const dir = join(outDir, SLURM_DIR);
  const shardsPath = join(dir, SHARDS_SCRIPT);
  const mergePath = join(dir, MERGE_SCRIPT);

  if (args.print) {
    process.stdout.write(
      `# ${shardsPath}\n${scripts.shards}\n# ${mergePath}\n${scripts.merge}\n# submit (after: mkdir -p ${shellQuote(dir)}):\n${slurmSubmitCommands(dir)}\n`,
    );
    return;
  }
  if (!sbatchAvailable())
    throw new UserError('sbatch not found on PATH: run this on a Slurm login node, or add --print to see the scripts', EXIT_BAD_INPUT);
  mkdirSync(dir, { recursive: true }); // also where the jobs' logs go: Slurm does not create it
  writeFileAtomic(shardsPath, scripts.shards);
  writeFileAtomic(mergePath, scripts.merge);
  const result = submitCampaign(shardsPath, mergePath);
  if (!result.ok) {
    const done = result.arrayJob ? ` (the shard array was submitted as job ${result.arrayJob}; cancel it with scancel ${result.arrayJob})` : '';
    throw new UserError(`sbatch refused the ${result.which} job: ${result.message}${done}`, result.missing ? EXIT_BAD_INPUT : EXIT_FAILURE);
  }
  process.stdout.write(
    `shards: job ${result.arrayJob} (array 0-${campaign.shards - 1}, at most ${campaign.parallel} at a time), logs ${dir}/shard-<i>.out\n` +
      `merge:  job ${result.mergeJob} (starts after every shard succeeded), log ${dir}/merge.out\n` +
      `result: ${outDir}/ (watch with: squeue -j ${result.arrayJob},${result.mergeJob})\n`,
  );
}
