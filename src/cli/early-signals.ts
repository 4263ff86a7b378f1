/**
 * Imported first by the CLI entry, so that it runs before the rest of the program is
 * even evaluated: a campaign command (run, sweep, optimize) catches SIGINT and SIGTERM
 * from its very first moment, and a signal that comes while the program is still
 * starting up stops the campaign cleanly with a message instead of killing the process
 * with nothing written and nothing said. Other commands keep the default (the signal
 * ends them).
 */
import { StopSignal } from '../campaign/stop-signal.js';

const CAMPAIGN_COMMANDS = new Set(['run', 'sweep', 'optimize']);

let early: StopSignal | null = CAMPAIGN_COMMANDS.has(process.argv[2] ?? '') ? new StopSignal() : null;

/** The signals caught since start-up (a fresh catcher when there is none); the caller disposes it. */
export function claimStopSignal(): StopSignal {
  const stop = early ?? new StopSignal();
  early = null;
  return stop;
}

/**
 * Runs a campaign command with the signals caught since start-up (a signal while its
 * scenario loads still stops it cleanly), disposing of the catcher when it ends.
 */
export async function withStopSignal<T>(command: (stop: StopSignal) => Promise<T>): Promise<T> {
  const stop = claimStopSignal();
  try {
    return await command(stop);
  } finally {
    stop.dispose();
  }
}
