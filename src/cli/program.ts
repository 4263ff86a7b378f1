/**
 * The command line: every command, parsed by yargs. Loaded by main.ts after the signal
 * catcher is in place.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import * as importMap from './commands/import.js';
import * as merge from './commands/merge.js';
import * as optimize from './commands/optimize.js';
import * as report from './commands/report.js';
import * as run from './commands/run.js';
import * as slurm from './commands/slurm.js';
import * as sweep from './commands/sweep.js';
import * as trace from './commands/trace.js';
import * as validate from './commands/validate.js';
import { terminalLines } from '../output/text/terminal-text.js';
import { EXIT_BAD_INPUT } from './exit-codes.js';

// `scale-across trace … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await yargs(hideBin(process.argv))
  .scriptName('scale-across')
  .usage('$0 <command> [options]\n\nMonte Carlo of fiber cuts between datacenters against a training job that spans them.')
  .command(run)
  .command(optimize)
  .command(sweep)
  .command(merge)
  .command(validate)
  .command(trace)
  .command(importMap)
  .command(slurm)
  .command(report)
  .demandCommand(1, 'name a command (see the list above)')
  .strict()
  .recommendCommands()
  .fail((message, error, y) => {
    if (error) throw error;
    // yargs quotes unknown arguments as given: escaped like every echo of input.
    process.stderr.write(`${y.help()}\n\n${terminalLines(message)}\n`);
    process.exit(EXIT_BAD_INPUT);
  })
  .help()
  .alias('h', 'help')
  .version()
  .wrap(Math.min(110, process.stdout.columns ?? 100))
  .parseAsync();
