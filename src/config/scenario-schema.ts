/**
 * The shape of a scenario file (docs/model.md#scenario), key for key in its snake_case spelling.
 * Parsing checks types and ranges, converts units (hours, bytes, µs/km) and fills the
 * defaults that depend on nothing else. Rules that relate several parts of the file
 * (references, reachability, own lengths) are in `check-references.ts`; renaming to the
 * model's camelCase and defaults derived from other keys are in `to-scenario.ts`.
 */
import * as z from 'zod';
import { DEPLOYMENTS, MAX_ROUTES, MAX_SRLGS, RARE_EVENT_METHODS, type DeploymentMix } from '../model/scenario.js';
import { repairSchema } from './repair-schema.js';
import { DEFAULT_SCHEMES, schemeSchema } from './scheme-schema.js';
import { id } from './id-schema.js';
import { MAX_ENTRIES, MAX_ID_CHARS, MAX_IMPORTANCE_FACTOR, MAX_PLACES, MAX_ROUTE_KM, MAX_SCHEMES } from './limits.js';
import { strictObject } from './strict-object.js';
import { duration, hours, positiveDuration, size } from './unit-schemas.js';

const fraction = z.number().min(0).max(1);
/** Tolerance on Σ fractions = 1: YAML decimals like 0.7 + 0.2 + 0.1 do not sum exactly. */
const SUM_TOLERANCE = 1e-9;

/** A value per deployment kind; kinds left out are 0. */
function byDeployment(value: z.ZodNumber) {
  return strictObject({
    buried: value.optional(),
    aerial: value.optional(),
    conduit: value.optional(),
    submarine: value.optional(),
  }).transform((given): DeploymentMix => ({
    buried: given.buried ?? 0,
    aerial: given.aerial ?? 0,
    conduit: given.conduit ?? 0,
    submarine: given.submarine ?? 0,
  }));
}

const deployment = byDeployment(fraction).superRefine((mix, ctx) => {
  const sum = DEPLOYMENTS.reduce((total, kind) => total + mix[kind], 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    const parts = DEPLOYMENTS.filter((kind) => mix[kind] > 0).map((kind) => `${kind} ${mix[kind]}`);
    const shown = Number(sum.toPrecision(12));
    ctx.addIssue({
      code: 'custom',
      message: `fractions must sum to 1, got ${shown}${parts.length > 1 ? ` (${parts.join(' + ')})` : ''}`,
    });
  }
});

/** One-way propagation delay, µs per km: light in silica vs. in a hollow (air) core. */
export const FIBER_US_PER_KM = { smf: 4.9, 'hollow-core': 3.34 } as const;

const fiber = z
  .union([z.enum(['smf', 'hollow-core']), strictObject({ us_per_km: z.number().gt(0) })], {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'must be smf, hollow-core or {us_per_km: x}' : undefined,
  })
  .transform((given) => (typeof given === 'string' ? FIBER_US_PER_KM[given] : given.us_per_km));

const site = strictObject({ id, gpus: z.int().min(0) });

const route = strictObject({
  id,
  between: z.tuple([id, id]),
  length_km: z.number().gt(0).max(MAX_ROUTE_KM),
  fiber: fiber.default(FIBER_US_PER_KM.smf),
  deployment,
  capacity_tbps: z.number().gt(0),
  srlgs: z.array(id).max(MAX_ENTRIES).default(() => []),
  regions: z.array(id).max(MAX_ENTRIES).default(() => []),
  jitter: repairSchema.optional(),
});

const srlg = strictObject({
  id,
  // 0 is allowed: a corridor that only groups routes for diversity and regional events.
  length_km: z.number().min(0).max(MAX_ROUTE_KM),
  deployment,
  regions: z.array(id).max(MAX_ENTRIES).default(() => []),
});

const hazard = strictObject({ rate: byDeployment(z.number().min(0)), repair: repairSchema });

const regional = strictObject({
  id,
  cause: id,
  region: id,
  rate: z.number().min(0),
  hit_probability: fraction.default(1),
  repair: repairSchema,
});

const interval = z.union([z.literal('daly'), positiveDuration], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be a duration > 0 or "daly"' : undefined),
});

const job = strictObject({
  sites: z.array(id).min(1).max(MAX_PLACES).optional(),
  // One of the two: W in hours, or a number of steps at the healthy step time.
  work: positiveDuration.optional(),
  steps: z.int().min(1).optional(),
  step: strictObject({
    // > 0: the progress rate is step_ideal / step, which needs a non-zero step.
    compute: positiveDuration.default(hours('1s')),
    wan_bytes: size.default(0),
    // A mean may be fractional, so this is not required to be an integer.
    wan_round_trips: z.number().min(0).default(0),
    overlap: fraction.default(0),
  }).prefault({}),
  checkpoint: strictObject({ interval, write: duration.default(0) }),
  restart: duration.default(0),
  collective_timeout: duration.default(hours('10min')),
  background: strictObject({ mtbf_per_gpu: positiveDuration, recovery: duration.default(0) }).optional(),
  power: strictObject({ kw_per_gpu: z.number().min(0).default(1.4) }).prefault({}),
  // 400ZR coherent pluggables: 15–19 W per 400 Gbit/s ≈ 40–50 pJ/bit (OIF).
  network_energy: strictObject({ pj_per_bit: z.number().min(0).default(0) }).prefault({}),
}).superRefine((job, ctx) => {
  if ((job.work === undefined) === (job.steps === undefined))
    ctx.addIssue({ code: 'custom', path: ['work'], message: 'give exactly one of work (a duration) and steps (a count)' });
});

// Importance sampling of the network timeline (docs/model.md#rare-events). null (what
// `--importance-sampling off` sets) is the same as leaving it out: plain Monte Carlo.
// Below 1 a factor would make rare events rarer; 1 is plain Monte Carlo with weights of 1.
const importanceFactor = z.number().min(1).max(MAX_IMPORTANCE_FACTOR);
const rareEvents = strictObject({
  method: z.enum(RARE_EVENT_METHODS).default('failure-biasing'),
  factor: importanceFactor,
  all_up_factor: importanceFactor.optional(),
})
  .superRefine((given, ctx) => {
    if (given.method === 'uniform' && given.all_up_factor !== undefined)
      ctx.addIssue({ code: 'custom', path: ['all_up_factor'], message: 'only with method failure-biasing (uniform raises every rate by factor)' });
  })
  .nullable();

export const scenarioSchema = strictObject({
  name: z.string().max(MAX_ID_CHARS).regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+ (it names the output folder)'),
  seed: z.int().min(0).default(1),
  // The trial index is a uint32 in trials.arrow.
  trials: z.int().min(1).max(0xffffffff).default(10_000),
  horizon: positiveDuration.optional(),
  sites: z.array(site).min(1).max(MAX_PLACES),
  junctions: z.array(id).max(MAX_PLACES).default(() => []),
  routes: z
    .array(route)
    .max(MAX_ROUTES, `must have at most ${MAX_ROUTES} entries`)
    .default(() => []),
  srlgs: z
    .array(srlg)
    .max(MAX_SRLGS, `must have at most ${MAX_SRLGS} entries`)
    .default(() => []),
  hazards: z
    .record(id, hazard)
    .refine((hazards) => Object.keys(hazards).length <= MAX_ENTRIES, `must have at most ${MAX_ENTRIES} causes`)
    .default(() => ({})),
  regional: z.array(regional).max(MAX_ENTRIES).default(() => []),
  job,
  schemes: z.array(schemeSchema).min(1).max(MAX_SCHEMES).default(DEFAULT_SCHEMES),
  rare_events: rareEvents.optional(),
});

/** A file that passed the shape checks: units converted, local defaults filled. */
export type ParsedScenario = z.output<typeof scenarioSchema>;
