/**
 * Zod types for the quantities of docs/model.md#scenario: they accept what `units.ts` accepts and
 * output hours or bytes, turning a {@link UnitError} into a validation problem.
 */
import * as z from 'zod';
import { parseDuration, parseSize, UnitError } from './units.js';

function quantity(parse: (value: unknown) => number) {
  return z.unknown().transform((value, ctx) => {
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required' });
      return z.NEVER;
    }
    try {
      return parse(value);
    } catch (error) {
      if (!(error instanceof UnitError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });
}

/** Hours, >= 0. */
export const duration = quantity(parseDuration);
/** Hours, > 0. */
export const positiveDuration = duration.pipe(z.number().gt(0));
/** Bytes, >= 0. */
export const size = quantity(parseSize);

/** Hours of a unit-suffixed literal, for defaults written the way a user would. */
export const hours = (text: string): number => parseDuration(text);
