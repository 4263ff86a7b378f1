/**
 * The scenario at a glance, as the report draws it: places, routes with their cut rate
 * and availability, and each job pair's primary and backup path. Everything is computed
 * by the model (topology, pair routing, exposure) and by `routeReliability`, the same
 * function `validate` prints from, so the report and `validate` cannot disagree.
 */
import { compileNetwork } from '../../model/compile-scenario.js';
import type { Scenario } from '../../model/scenario.js';
import { routeReliability } from '../text/route-reliability.js';

export interface NetworkPlace {
  readonly id: string;
  readonly kind: 'site' | 'junction';
  /** GPUs the job uses there (0 for a junction or a site outside the job). */
  readonly gpus: number;
  /** Coordinates when the scenario carries them (e.g. after an import); else null. */
  readonly lat: number | null;
  readonly lon: number | null;
}

export interface NetworkRoute {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly lengthKm: number;
  readonly cutsPerYear: number;
  readonly mttrH: number;
  readonly availability: number;
}

export interface NetworkPair {
  readonly from: string;
  readonly to: string;
  /** Route ids from one end to the other. */
  readonly primary: readonly string[];
  /** SRLG- and route-disjoint backup; null when none exists. */
  readonly backup: readonly string[] | null;
}

export interface NetworkView {
  readonly places: readonly NetworkPlace[];
  readonly routes: readonly NetworkRoute[];
  readonly pairs: readonly NetworkPair[];
}

/** A coordinate a place may carry; anything else (absent, not finite) is no coordinate. */
function coordinate(place: object, key: 'lat' | 'lon'): number | null {
  const value = (place as Record<string, unknown>)[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function networkView(scenario: Scenario): NetworkView {
  const network = compileNetwork(scenario);
  const jobSites = new Set(scenario.job.sites);
  const junctions = scenario.junctions.map((id) => ({ id }) as object & { id: string });
  const places: NetworkPlace[] = [
    ...scenario.sites.map((s) => ({
      id: s.id,
      kind: 'site' as const,
      gpus: jobSites.has(s.id) ? s.gpus : 0,
      lat: coordinate(s, 'lat'),
      lon: coordinate(s, 'lon'),
    })),
    ...junctions.map((j) => ({ id: j.id, kind: 'junction' as const, gpus: 0, lat: coordinate(j, 'lat'), lon: coordinate(j, 'lon') })),
  ];
  const routes = scenario.routes.map((route, i) => {
    const reliability = routeReliability(network, i);
    return {
      id: route.id,
      from: route.between[0],
      to: route.between[1],
      lengthKm: route.lengthKm,
      cutsPerYear: reliability.cutsPerYear,
      mttrH: reliability.mttr,
      availability: reliability.availability,
    };
  });
  const ids = network.topology.routeIds;
  const pairs = network.pairs.map((p) => ({
    from: p.from,
    to: p.to,
    primary: p.primary.routes.map((r) => ids[r]!),
    backup: p.backup === null ? null : p.backup.routes.map((r) => ids[r]!),
  }));
  return { places, routes, pairs };
}
