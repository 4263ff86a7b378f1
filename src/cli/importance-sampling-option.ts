/**
 * `--importance-sampling <factor|off>` (run, sweep): the scenario's `rare_events`
 * (docs/model.md#rare-events) from the command line, as an override of the document so
 * that it goes through the checks a value in the file would.
 */
import type { Argv } from 'yargs';
import type { Override } from '../config/index.js';
import { UserError } from './user-error.js';

export interface ImportanceSamplingArgs {
  importanceSampling?: string;
}

const FLAG = '--importance-sampling';

export function importanceSamplingOption<T>(yargs: Argv<T>): Argv<T & ImportanceSamplingArgs> {
  return yargs.option('importance-sampling', {
    type: 'string',
    describe:
      'draw cuts at this factor × their rates (the method of the scenario\'s rare_events, else failure-biasing) and weight every trial by its likelihood ratio; off: plain Monte Carlo',
  }) as unknown as Argv<T & ImportanceSamplingArgs>;
}

/** The overrides the flag implies: the factor (range checked by the scenario's schema), or none at all for `off`. */
export function importanceSamplingOverrides(args: ImportanceSamplingArgs): Override[] {
  const value = args.importanceSampling;
  if (value === undefined) return [];
  if (value === 'off') return [['rare_events', 'null', FLAG]];
  if (value.trim() === '' || !Number.isFinite(Number(value)))
    throw new UserError(`${FLAG}: must be a factor (a number ≥ 1) or off, got "${value}"`);
  return [['rare_events.factor', value, FLAG]];
}

/** The flag as given, for the commands that repeat a campaign (resume, shard tasks). */
export function importanceSamplingFlags(args: ImportanceSamplingArgs): string[] {
  return args.importanceSampling === undefined ? [] : [FLAG, args.importanceSampling];
}
