/**
 * A checked file → the model's `Scenario`: camelCase names, and the defaults that
 * depend on other keys (horizon from work, job sites from sites).
 */
import type { RareEvents, Scenario } from '../model/scenario.js';
import type { ParsedScenario } from './scenario-schema.js';

function rareEvents(given: NonNullable<ParsedScenario['rare_events']>): RareEvents {
  return given.method === 'uniform'
    ? { method: 'uniform', factor: given.factor }
    : { method: 'failure-biasing', factor: given.factor, allUpFactor: given.all_up_factor ?? 1 };
}

/** Default horizon, in multiples of the job's work: generous enough that few trials are censored. */
export const HORIZON_PER_WORK = 10;

/** @param work W in hours: the file's `work`, or `steps` × the healthy step time. */
export function toScenario(doc: ParsedScenario, work: number): Scenario {
  const { job } = doc;
  return {
    name: doc.name,
    seed: doc.seed,
    trials: doc.trials,
    horizon: doc.horizon ?? HORIZON_PER_WORK * work,
    sites: doc.sites,
    junctions: doc.junctions,
    routes: doc.routes.map((route) => ({
      id: route.id,
      between: route.between,
      lengthKm: route.length_km,
      usPerKm: route.fiber,
      deployment: route.deployment,
      capacityTbps: route.capacity_tbps,
      srlgs: route.srlgs,
      regions: route.regions,
      jitter: route.jitter ?? null,
    })),
    srlgs: doc.srlgs.map((srlg) => ({
      id: srlg.id,
      lengthKm: srlg.length_km,
      deployment: srlg.deployment,
      regions: srlg.regions,
    })),
    // In the file's order, so that trial random streams follow what the user wrote.
    hazards: Object.entries(doc.hazards).map(([cause, hazard]) => ({
      cause,
      ratePer1000KmYear: hazard.rate,
      repair: hazard.repair,
    })),
    regional: doc.regional.map((event) => ({
      id: event.id,
      cause: event.cause,
      region: event.region,
      ratePerYear: event.rate,
      hitProbability: event.hit_probability,
      repair: event.repair,
    })),
    job: {
      sites: job.sites ?? doc.sites.filter((site) => site.gpus > 0).map((site) => site.id),
      work,
      steps: job.steps ?? null,
      step: {
        compute: job.step.compute,
        wanBytes: job.step.wan_bytes,
        wanRoundTrips: job.step.wan_round_trips,
        overlap: job.step.overlap,
      },
      checkpoint: { interval: job.checkpoint.interval, write: job.checkpoint.write },
      restart: job.restart,
      collectiveTimeout: job.collective_timeout,
      background:
        job.background === undefined
          ? null
          : { mtbfPerGpu: job.background.mtbf_per_gpu, recovery: job.background.recovery },
      power: { kwPerGpu: job.power.kw_per_gpu },
      networkPjPerBit: job.network_energy.pj_per_bit,
    },
    schemes: doc.schemes,
    // Only when given: a scenario without it must serialise exactly as before it existed.
    ...(doc.rare_events ? { rareEvents: rareEvents(doc.rare_events) } : {}),
  };
}
