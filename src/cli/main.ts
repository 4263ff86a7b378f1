#!/usr/bin/env node
/**
 * scale-across: what fiber cuts between datacenters cost an AI training job that spans
 * them, and which protection, routing and checkpoint policy buys the most back.
 *
 * Only the signal catcher is imported statically. ES modules are all linked before any
 * of their code runs, and the program's graph (yargs, Arrow, piscina, the model) takes
 * up to a second or more to load on a busy machine: a SIGINT in that window would kill
 * the process with nothing said. With the catcher installed first, a campaign command
 * interrupted while it starts up stops cleanly and says so.
 */
import { writeFileSync } from 'node:fs';
import './early-signals.js';

// Fault injection for the start-up test (test/cli/early-signal.test.ts): say that the
// catcher is in place, then hold the program's loading back for a while.
const started = process.env.SCALE_ACROSS_FAULT_STARTED_FILE;
if (started !== undefined) {
  writeFileSync(started, `${process.pid}\n`);
  const until = Date.now() + Number(process.env.SCALE_ACROSS_FAULT_STARTUP_MS ?? 0);
  await new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, until - Date.now())));
}

await import('./program.js');
