/**
 * A repair-time distribution (docs/model.md#scenario): a mapping with exactly one of `fixed: 8h`,
 * `exponential: {mean}`, `lognormal: {median, sigma}`, `weibull: {scale, shape}`.
 * Written as one strict mapping rather than a zod union so that a typo inside
 * `lognormal` gets its own precise message instead of "matches no alternative".
 */
import * as z from 'zod';
import type { RepairDistribution } from '../model/scenario.js';
import { strictObject } from './strict-object.js';
import { duration, positiveDuration } from './unit-schemas.js';

const KINDS = ['fixed', 'exponential', 'lognormal', 'weibull'] as const;

export const repairSchema = strictObject({
  fixed: duration.optional(),
  exponential: strictObject({ mean: positiveDuration }).optional(),
  // sigma is the standard deviation of ln(repair time); 0 makes it fixed at the median.
  lognormal: strictObject({ median: positiveDuration, sigma: z.number().min(0) }).optional(),
  weibull: strictObject({ scale: positiveDuration, shape: z.number().gt(0) }).optional(),
}).transform((given, ctx): RepairDistribution => {
  const kinds = KINDS.filter((kind) => given[kind] !== undefined);
  if (kinds.length !== 1) {
    const got = kinds.length === 0 ? 'none' : kinds.join(' and ');
    ctx.addIssue({ code: 'custom', message: `must give exactly one of ${KINDS.join(', ')}, got ${got}` });
    return z.NEVER;
  }
  const { fixed, exponential, lognormal, weibull } = given;
  if (fixed !== undefined) return { kind: 'fixed', value: fixed };
  if (exponential !== undefined) return { kind: 'exponential', mean: exponential.mean };
  if (lognormal !== undefined) return { kind: 'lognormal', ...lognormal };
  if (weibull !== undefined) return { kind: 'weibull', ...weibull };
  throw new Error('unreachable: exactly one repair kind was checked above');
});
