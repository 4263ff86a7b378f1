/**
 * Figures a scenario implies but does not write, computed from the validated
 * `Scenario` the way the model will use them: what bounds how long a trial takes, how
 * much memory it needs, and whether its arithmetic stays finite (limits.ts).
 */
import { jobGpus } from '../model/compile-scenario.js';
import { dalyInterval } from '../model/daly.js';
import { buildExposure } from '../model/exposure.js';
import { routePairs } from '../model/pair-routing.js';
import type { Scenario } from '../model/scenario.js';
import { StepTime } from '../model/step-time.js';
import { Topology } from '../model/topology.js';

/**
 * Expected cuts (every exposure unit) and regional hits (every target hit) per trial.
 * `biased`: as drawn under importance sampling, whose rates are at most the larger
 * factor × the true ones (an upper bound for `failure-biasing`, whose factor changes
 * with the state).
 */
export function expectedNetworkEvents(scenario: Scenario, biased = false): { cuts: number; regionalHits: number } {
  const factor = biased ? largestFactor(scenario) : 1;
  const exposure = buildExposure(scenario);
  const cutRate = exposure.units.reduce((sum, unit) => sum + unit.totalRatePerHour, 0);
  // One regional event hits each of its targets with the hit probability: the fan-out.
  const hitRate = exposure.regional.reduce((sum, p) => sum + p.ratePerHour * p.hitProbability * p.targets.length, 0);
  return { cuts: factor * cutRate * scenario.horizon, regionalHits: factor * hitRate * scenario.horizon };
}

/** The largest multiple of the true rates importance sampling draws at (1 without it). */
export function largestFactor(scenario: Scenario): number {
  const bias = scenario.rareEvents;
  if (bias === undefined) return 1;
  return bias.method === 'uniform' ? bias.factor : Math.max(bias.factor, bias.allUpFactor);
}

/** Background interruptions per hour of the whole job (0 without `background`). */
export function backgroundRate(scenario: Scenario): number {
  const background = scenario.job.background;
  return background === null ? 0 : jobGpus(scenario) / background.mtbfPerGpu;
}

/** Expected background interruptions over one trial's horizon (an upper bound: the job is not always active). */
export function expectedBackgroundEvents(scenario: Scenario): number {
  return backgroundRate(scenario) * scenario.horizon;
}

/**
 * The most checkpoints per job the interval can give: W / τ for a fixed τ. For `daly`,
 * τ is resolved later from the job's MTBF; the MTBF is at least 1 / (background rate +
 * every network event's rate), since each crash has a cause among those, and Daly's τ
 * grows with the MTBF, so W / τ at that MTBF is the most it can be.
 */
export function maxCheckpointsPerJob(scenario: Scenario): number {
  const { work, checkpoint } = scenario.job;
  if (checkpoint.interval !== 'daly') return work / checkpoint.interval;
  const { cuts, regionalHits } = expectedNetworkEvents(scenario);
  const crashRate = backgroundRate(scenario) + (cuts + regionalHits) / scenario.horizon;
  if (crashRate === 0) return 1;
  return work / Math.min(work, dalyInterval(checkpoint.write, 1 / crashRate));
}

/** Power drawn by the job's GPUs, MW. */
export function gpuPowerMw(scenario: Scenario): number {
  return (jobGpus(scenario) * scenario.job.power.kwPerGpu) / 1000;
}

/** The healthy network as the model will route it: step time and route traversals per step. */
export function healthyNetwork(scenario: Scenario): { step: number; traversals: number } {
  const primaries = routePairs(scenario, new Topology(scenario)).map((pair) => pair.primary);
  const step = new StepTime(scenario, primaries).idealStep;
  return { step, traversals: primaries.reduce((n, path) => n + path.routes.length, 0) };
}

/**
 * Average power of WAN transport while the job runs healthy, MW: every pair sends
 * wan_bytes per step over each route of its primary path, at pJ/bit.
 */
export function networkPowerMw(scenario: Scenario, network: { step: number; traversals: number }): number {
  const { step, networkPjPerBit } = scenario.job;
  const joulesPerStep = networkPjPerBit * 1e-12 * 8 * step.wanBytes * network.traversals;
  return joulesPerStep / (network.step * 3600) / 1e6;
}
