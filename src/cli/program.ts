/**
 * The command line: every command, parsed by yargs. Loaded by main.ts after the signal
 * catcher is in place.
 *
 * Commands are loaded lazily: each module (commands/<name>.ts, whose `command` begins
 * with <name>) pulls in what its command needs, and loading all nine costs ≈ 0.1 s of
 * CPU more than loading one. When the first argument names a command, only that one is
 * loaded (yargs parses, checks and helps it as usual); otherwise — no command, a
 * mistyped one, `--help`, `--version` — all are, so that the list and the suggestions
 * are complete.
 */
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { terminalLines } from '../output/text/terminal-text.js';
import { EXIT_BAD_INPUT } from './exit-codes.js';

/** The commands, in the order of the help, by the name they are called by. */
const COMMANDS = {
  run: () => import('./commands/run.js'),
  optimize: () => import('./commands/optimize.js'),
  sweep: () => import('./commands/sweep.js'),
  merge: () => import('./commands/merge.js'),
  validate: () => import('./commands/validate.js'),
  trace: () => import('./commands/trace.js'),
  import: () => import('./commands/import.js'),
  slurm: () => import('./commands/slurm.js'),
  report: () => import('./commands/report.js'),
} as const;
type CommandName = keyof typeof COMMANDS;

// `scale-across trace … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const args = hideBin(process.argv);
const named = args[0] !== undefined && Object.hasOwn(COMMANDS, args[0]) ? (args[0] as CommandName) : null;
const names = named === null ? (Object.keys(COMMANDS) as CommandName[]) : [named];
let cli = yargs(args);
// Each module is a yargs command module (command, describe, builder, handler).
for (const module of await Promise.all(names.map((name) => COMMANDS[name]()))) cli = cli.command(module as unknown as CommandModule);

await cli
  .scriptName('scale-across')
  .usage('$0 <command> [options]\n\nMonte Carlo of fiber cuts between datacenters against a training job that spans them.')
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
