/**
 * Estimated rate of network crashes of a job on its primaries (scheme `none`): a cut
 * crashes the job when its outage outlasts the collective timeout. Used for `validate`'s
 * effective MTBF and for `interval: daly`. An estimate, not the simulation: it ignores
 * overlapping outages (a second cut while the job already waits costs nothing more).
 */
import type { Exposure } from './exposure.js';
import { repairSurvival } from './repair-time.js';
import type { Scenario } from './scenario.js';

export function networkCrashRatePerHour(scenario: Scenario, exposure: Exposure, requiredRoutes: number): number {
  const timeout = scenario.job.collectiveTimeout;
  let rate = 0;
  for (const unit of exposure.units) {
    if ((unit.routeMask & requiredRoutes) === 0) continue;
    scenario.hazards.forEach((hazard, c) => {
      rate += unit.causeRatePerHour[c]! * repairSurvival(hazard.repair, timeout);
    });
  }
  scenario.regional.forEach((event, e) => {
    const process = exposure.regional[e]!;
    const crashing = event.hitProbability * repairSurvival(event.repair, timeout);
    const relevant = process.targets.filter((j) => (exposure.targets[j]!.routeMask & requiredRoutes) !== 0).length;
    rate += process.ratePerHour * (1 - Math.pow(1 - crashing, relevant));
  });
  return rate;
}
