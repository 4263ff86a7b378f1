/**
 * Exposure units and regional targets (docs/model.md#timeline): what can be cut, how often, and which
 * routes go down with it.
 *
 * A route's own length (its length minus what runs in SRLGs) is one unit; each SRLG is
 * one unit counted once for all its members, so a cut in a shared corridor takes down
 * every member at once. A unit's cut rate is Σ over causes and deployments of
 * rate[cause][deployment] × fraction × length / 1000 km.
 */
import { DEPLOYMENTS, type DeploymentMix, type Scenario } from './scenario.js';
import { encodeRepair, type RepairCode } from './repair-time.js';

export const HOURS_PER_YEAR = 365 * 24;

export interface ExposureUnit {
  /** `route <id>` or `srlg <id>`. */
  readonly label: string;
  readonly lengthKm: number;
  /** Routes that go down while this unit is cut, ascending. */
  readonly routes: readonly number[];
  /** Cut rate per hour of each hazard, in scenario order. */
  readonly causeRatePerHour: Float64Array;
  readonly totalRatePerHour: number;
}

/** A route or SRLG that a regional event can hit. */
export interface RegionalTarget {
  readonly label: string;
  /** Routes that go down while it is hit, ascending. */
  readonly routes: readonly number[];
}

export interface RegionalProcess {
  readonly id: string;
  readonly cause: string;
  readonly ratePerHour: number;
  readonly hitProbability: number;
  readonly repair: RepairCode;
  /** Indices into `targets`. */
  readonly targets: readonly number[];
}

export interface Exposure {
  readonly units: readonly ExposureUnit[];
  readonly causes: readonly string[];
  readonly causeRepair: readonly RepairCode[];
  readonly targets: readonly RegionalTarget[];
  readonly regional: readonly RegionalProcess[];
}

function cutRatePerHour(rate: DeploymentMix, mix: DeploymentMix, lengthKm: number): number {
  let perYear = 0;
  for (const d of DEPLOYMENTS) perYear += rate[d] * mix[d] * (lengthKm / 1000);
  return perYear / HOURS_PER_YEAR;
}

export function buildExposure(scenario: Scenario): Exposure {
  const hazards = scenario.hazards;
  const makeUnit = (label: string, lengthKm: number, mix: DeploymentMix, routes: readonly number[]): ExposureUnit => {
    const causeRatePerHour = Float64Array.from(hazards, (h) => cutRatePerHour(h.ratePer1000KmYear, mix, lengthKm));
    return { label, lengthKm, routes, causeRatePerHour, totalRatePerHour: causeRatePerHour.reduce((a, b) => a + b, 0) };
  };
  // Members of every SRLG in one pass over the routes (a big mesh has thousands of each).
  const members = new Map<string, number[]>(scenario.srlgs.map((s) => [s.id, []]));
  scenario.routes.forEach((r, i) => {
    for (const id of new Set(r.srlgs)) members.get(id)!.push(i);
  });
  const srlgMembers = (id: string) => members.get(id)!;
  const srlgLength = new Map(scenario.srlgs.map((s) => [s.id, s.lengthKm]));

  const units: ExposureUnit[] = [];
  scenario.routes.forEach((route, i) => {
    // Route's own length: what does not run inside one of its SRLGs.
    const own = route.lengthKm - route.srlgs.reduce((sum, id) => sum + srlgLength.get(id)!, 0);
    if (own > 0) units.push(makeUnit(`route ${route.id}`, own, route.deployment, [i]));
  });
  for (const srlg of scenario.srlgs) units.push(makeUnit(`srlg ${srlg.id}`, srlg.lengthKm, srlg.deployment, srlgMembers(srlg.id)));

  const targets: RegionalTarget[] = [];
  const targetRegions: (readonly string[])[] = [];
  scenario.routes.forEach((route, i) => {
    targets.push({ label: `route ${route.id}`, routes: [i] });
    targetRegions.push(route.regions);
  });
  for (const srlg of scenario.srlgs) {
    targets.push({ label: `srlg ${srlg.id}`, routes: srlgMembers(srlg.id) });
    targetRegions.push(srlg.regions);
  }
  const regional = scenario.regional.map(
    (event): RegionalProcess => ({
      id: event.id,
      cause: event.cause,
      ratePerHour: event.ratePerYear / HOURS_PER_YEAR,
      hitProbability: event.hitProbability,
      repair: encodeRepair(event.repair),
      targets: targetRegions.flatMap((regions, j) => (regions.includes(event.region) ? [j] : [])),
    }),
  );

  return {
    units,
    causes: hazards.map((h) => h.cause),
    causeRepair: hazards.map((h) => encodeRepair(h.repair)),
    targets,
    regional,
  };
}
