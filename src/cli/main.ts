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
import './early-signals.js';

await import('./program.js');
