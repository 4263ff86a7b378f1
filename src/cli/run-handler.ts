/**
 * Wraps a command handler so failures become messages and exit codes, never stack
 * traces (README.md#commands): bad input → 2, anything else → 1. Set SCALE_ACROSS_DEBUG=1 to see
 * the stack of an unexpected error.
 */
import { ScenarioError } from '../config/scenario-error.js';
import { terminalLines } from '../output/text/terminal-text.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from './exit-codes.js';
import { UserError } from './user-error.js';

export function runHandler<A>(handler: (args: A) => Promise<number | void> | number | void) {
  return async (args: A): Promise<void> => {
    try {
      const code = await handler(args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (error) {
      if (error instanceof ScenarioError) {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = EXIT_BAD_INPUT;
      } else if (error instanceof UserError) {
        process.stderr.write(`scale-across: ${error.message}\n`);
        process.exitCode = error.exitCode;
      } else {
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`scale-across: ${terminalLines(message)}\n`);
        if (process.env.SCALE_ACROSS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
        process.exitCode = EXIT_FAILURE;
      }
    }
  };
}
