/**
 * The network half of a compiled scenario: everything a connectivity view needs, computed
 * once per scenario (topology, pair routing, exposure units, step times). The schemes'
 * views and the network-crash pilot are built from it; compile-scenario.ts adds the
 * job's constants and the pilot's results on top.
 */
import { buildExposure, type Exposure } from './exposure.js';
import { routePairs, type PairRouting } from './pair-routing.js';
import type { Scenario } from './scenario.js';
import { StepTime } from './step-time.js';
import { Topology } from './topology.js';
import { RouteSet } from './route-set.js';

export interface CompiledNetwork {
  readonly scenario: Scenario;
  readonly topology: Topology;
  readonly pairs: readonly PairRouting[];
  readonly exposure: Exposure;
  readonly stepTime: StepTime;
  /** Union of the primaries' routes: what `none` needs up. */
  readonly requiredRoutes: RouteSet;
  /** Job MTBF from background interruptions alone (Infinity: none). */
  readonly backgroundMtbf: number;
}

export function jobGpus(scenario: Scenario): number {
  return scenario.job.sites.reduce((sum, id) => sum + scenario.sites.find((s) => s.id === id)!.gpus, 0);
}

/** The step time of the healthy network (every pair on its primary, full capacity). */
export function healthyStep(scenario: Scenario): number {
  const topology = new Topology(scenario);
  return new StepTime(scenario, routePairs(scenario, topology).map((p) => p.primary)).idealStep;
}

export function compileNetwork(scenario: Scenario): CompiledNetwork {
  const topology = new Topology(scenario);
  const pairs = routePairs(scenario, topology);
  const stepTime = new StepTime(scenario, pairs.map((p) => p.primary));
  const background = scenario.job.background;
  return {
    scenario,
    topology,
    pairs,
    exposure: buildExposure(scenario),
    stepTime,
    requiredRoutes: RouteSet.union(pairs.map((p) => p.primary.routeSet)),
    backgroundMtbf: background ? background.mtbfPerGpu / jobGpus(scenario) : Infinity,
  };
}
