/**
 * A failure the user caused and can fix (a bad flag value, a result folder that is
 * locked, a resume that does not match): printed as one line, exit code 2 by default.
 */
import { terminalLines } from '../output/text/terminal-text.js';
import { EXIT_BAD_INPUT } from './exit-codes.js';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    // Messages quote flags, paths and ids as given: escaped, lines kept (terminal-text.ts).
    super(terminalLines(message));
  }
}
