/**
 * A protection / routing scheme (docs/model.md#scenario, #schemes), selected by `kind`. An unknown kind is
 * reported on `kind` with the list of valid kinds.
 */
import * as z from 'zod';
import { SCHEME_KINDS, type Scheme } from '../model/scenario.js';
import { id } from './id-schema.js';
import { strictObject } from './strict-object.js';
import { duration, hours } from './unit-schemas.js';


export const schemeSchema = z
  .discriminatedUnion(
    'kind',
    [
      strictObject({ id, kind: z.literal('ideal') }),
      strictObject({ id, kind: z.literal('none') }),
      strictObject({ id, kind: z.literal('elastic') }),
      // 50 ms: the protection-switching budget of SONET/SDH APS, the usual target.
      strictObject({ id, kind: z.literal('one-plus-one'), switchover: duration.default(hours('50ms')) }),
      strictObject({
        id,
        kind: z.literal('restoration'),
        restore: duration,
        capacity_fraction: z.number().gt(0).max(1).default(1),
      }),
      strictObject({
        id,
        kind: z.literal('one-plus-one-restoration'),
        switchover: duration.default(hours('50ms')),
        restore: duration,
        capacity_fraction: z.number().gt(0).max(1).default(1),
      }),
    ],
    {
      error: (issue) =>
        issue.code === 'invalid_union' ? `must be one of ${SCHEME_KINDS.join(', ')}` : undefined,
    },
  )
  .transform((scheme): Scheme => {
    if (scheme.kind !== 'restoration' && scheme.kind !== 'one-plus-one-restoration') return scheme;
    const { capacity_fraction: capacityFraction, ...rest } = scheme;
    return { ...rest, capacityFraction };
  });

/** Used when a file names no schemes: the yardstick and the unprotected network. */
export const DEFAULT_SCHEMES = (): Scheme[] => [
  { id: 'ideal', kind: 'ideal' },
  { id: 'none', kind: 'none' },
];
