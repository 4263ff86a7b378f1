/**
 * How often one route goes down and for how long, from the outage sources that cover it:
 * what `validate` and the report's network view show per route.
 */
import type { CompiledNetwork } from '../../model/compile-scenario.js';
import { HOURS_PER_YEAR } from '../../model/exposure.js';
import { meanRepair } from '../../model/repair-time.js';

/** Outage sources of one route: its own unit, its SRLGs, regional hits (rates per hour). */
export interface RouteReliability {
  readonly cutsPerYear: number;
  /** Mean repair over the sources weighted by their cut rates. */
  readonly mttr: number;
  /**
   * Independent sources multiply: a unit alternating up/down is up a fraction
   * 1 / (1 + λ·MTTR); regional hits overlap freely (an M/G/∞ queue), none active with
   * probability exp(−λ·p·MTTR).
   */
  readonly availability: number;
}

export function routeReliability(compiled: Pick<CompiledNetwork, 'scenario' | 'exposure'>, routeIndex: number): RouteReliability {
  const { scenario, exposure } = compiled;
  let rate = 0;
  let repairWeighted = 0;
  let availability = 1;
  for (const unit of exposure.units) {
    if (!unit.routes.includes(routeIndex)) continue;
    let unitRepair = 0;
    scenario.hazards.forEach((h, c) => (unitRepair += unit.causeRatePerHour[c]! * meanRepair(h.repair)));
    rate += unit.totalRatePerHour;
    repairWeighted += unitRepair;
    availability *= 1 / (1 + unitRepair); // λ·MTTR of the unit = Σ_c λ_c · MTTR_c
  }
  scenario.regional.forEach((event, e) => {
    const process = exposure.regional[e]!;
    const hits = process.targets.filter((j) => exposure.targets[j]!.routes.includes(routeIndex)).length;
    const hitRate = process.ratePerHour * event.hitProbability * hits;
    rate += hitRate;
    repairWeighted += hitRate * meanRepair(event.repair);
    availability *= Math.exp(-hitRate * meanRepair(event.repair));
  });
  return { cutsPerYear: rate * HOURS_PER_YEAR, mttr: rate > 0 ? repairWeighted / rate : 0, availability };
}
