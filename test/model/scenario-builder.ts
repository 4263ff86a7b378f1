/** Small scenarios built in code for the model's tests (the YAML loader is tested on its own). */
import type { DeploymentMix, RepairDistribution, Scenario, Scheme } from '../../src/model/scenario.js';

export const BURIED: DeploymentMix = { buried: 1, aerial: 0, conduit: 0, submarine: 0 };
export const HOURS_PER_YEAR = 8760;

export interface SingleRouteOptions {
  /** Mean time between cuts of the one route, hours (Infinity: never cut). */
  mtbf: number;
  repair: RepairDistribution;
  work: number;
  interval: number;
  write: number;
  restart: number;
  timeout?: number;
  background?: { mtbfPerGpu: number; recovery: number } | null;
  gpus?: number;
  horizon?: number;
  schemes?: Scheme[];
  seed?: number;
}

/** Two sites joined by one 1000 km buried route whose cut rate gives the wanted MTBF. */
export function singleRoute(o: SingleRouteOptions): Scenario {
  const ratePerYear = o.mtbf === Infinity ? 0 : HOURS_PER_YEAR / o.mtbf;
  const gpus = o.gpus ?? 1;
  return {
    name: 'test',
    seed: o.seed ?? 42,
    trials: 1000,
    horizon: o.horizon ?? o.work * 100,
    sites: [
      { id: 'a', gpus },
      { id: 'b', gpus },
    ],
    junctions: [],
    routes: [
      {
        id: 'a-b',
        between: ['a', 'b'],
        lengthKm: 1000,
        usPerKm: 4.9,
        deployment: BURIED,
        capacityTbps: 10,
        srlgs: [],
        regions: [],
        jitter: null,
      },
    ],
    srlgs: [],
    hazards: [{ cause: 'excavator', ratePer1000KmYear: { ...BURIED, buried: ratePerYear }, repair: o.repair }],
    regional: [],
    job: {
      sites: ['a', 'b'],
      work: o.work,
      steps: null,
      step: { compute: 1 / 3600, wanBytes: 0, wanRoundTrips: 0, overlap: 0 },
      checkpoint: { interval: o.interval, write: o.write },
      restart: o.restart,
      collectiveTimeout: o.timeout ?? 0,
      background: o.background ?? null,
      power: { kwPerGpu: 1 },
      networkPjPerBit: 0,
    },
    schemes: o.schemes ?? [{ id: 'none', kind: 'none' }],
  };
}
