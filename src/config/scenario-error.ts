/**
 * Bad input: every problem found in a scenario, one line each (`routes[2].length_km:
 * must be > 0, got -5`). The CLI prints `message` and exits with code 2 (docs/model.md#scenario), so
 * nothing here is meant to reach the user as a stack trace.
 */
import { terminalText } from '../output/text/terminal-text.js';

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  /**
   * @param problems one line each, naming the path and the bad value
   * @param source the file (or other origin) the scenario came from, prefixed to each
   *   line of `message` the way compilers do, so editors and grep can jump to it
   */
  constructor(
    readonly problems: readonly string[],
    readonly source?: string,
  ) {
    // Problems quote what the file says, and the source may be any path: both are
    // escaped so a message can neither break its one-line-per-problem form nor reach
    // the terminal as control sequences.
    super(
      problems
        .map((problem) => terminalText(source === undefined ? problem : `${source}: ${problem}`))
        .join('\n'),
    );
  }
}
