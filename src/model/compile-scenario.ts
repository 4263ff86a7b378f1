/**
 * Everything a trial needs that does not change from trial to trial, computed once per
 * scenario: topology, pair routing, exposure units, step times, and the job's constants
 * for each scheme (they differ only when `interval: daly` resolves per scheme).
 */
import { dalyInterval } from './daly.js';
import { buildExposure, type Exposure } from './exposure.js';
import { checkpointCount, type JobParameters } from './job-replay.js';
import { pilotNetworkCrashes } from './network-crash-pilot.js';
import { routePairs, type PairRouting } from './pair-routing.js';
import { RouteSet } from './route-set.js';
import type { Scenario } from './scenario.js';
import { StepTime } from './step-time.js';
import { Topology } from './topology.js';

export { makeView } from './schemes/make-view.js';

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

export interface CompiledScenario extends CompiledNetwork {
  /** The job's constants under each scheme, in scheme order. */
  readonly jobs: readonly JobParameters[];
  /** The first scheme's (the same for every scheme unless `interval: daly`). */
  readonly job: JobParameters;
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

/**
 * Daly's optimum interval for a scheme: the MTBF of the crashes it leaves, background
 * and network together (the network part from the pilot run, network-crash-pilot.ts).
 */
export function schemeDalyInterval(network: CompiledNetwork, schemeIndex: number): { interval: number; mtbf: number; networkMtbf: number } {
  const pilot = pilotNetworkCrashes(network, network.scenario.schemes[schemeIndex]!);
  const rate = 1 / network.backgroundMtbf + pilot.crashesPerHour;
  const mtbf = rate > 0 ? 1 / rate : Infinity;
  const job = network.scenario.job;
  return {
    interval: Math.min(job.work, dalyInterval(job.checkpoint.write, mtbf)),
    mtbf,
    networkMtbf: pilot.crashesPerHour > 0 ? 1 / pilot.crashesPerHour : Infinity,
  };
}

/**
 * WAN transport energy per hour of progress, in MWh: each step every pair sends
 * wan_bytes over its primary, paying pJ/bit on every route it traverses, and an hour of
 * progress is 1 / step_healthy steps. (Detours are charged as primaries.)
 */
function networkEnergyPerProgressHour(network: CompiledNetwork): number {
  const job = network.scenario.job;
  const traversals = network.pairs.reduce((n, p) => n + p.primary.routes.length, 0);
  const joulesPerStep = job.networkPjPerBit * 1e-12 * 8 * job.step.wanBytes * traversals;
  return joulesPerStep / 3.6e9 / network.stepTime.idealStep;
}

export function compileScenario(scenario: Scenario): CompiledScenario {
  const network = compileNetwork(scenario);
  const job = scenario.job;
  const gpus = jobGpus(scenario);
  const parameters = (interval: number): JobParameters => ({
    work: job.work,
    interval,
    checkpoints: checkpointCount(job.work, interval),
    write: job.checkpoint.write,
    restart: job.restart,
    collectiveTimeout: job.collectiveTimeout,
    recovery: job.background?.recovery ?? 0,
    backgroundRate: 1 / network.backgroundMtbf,
    horizon: scenario.horizon,
    energyPerHour: (gpus * job.power.kwPerGpu) / 1000,
    networkEnergyPerProgressHour: networkEnergyPerProgressHour(network),
  });
  const fixed = job.checkpoint.interval;
  const jobs =
    fixed === 'daly'
      ? scenario.schemes.map((_, s) => parameters(schemeDalyInterval(network, s).interval))
      : scenario.schemes.map(() => parameters(fixed));
  return { ...network, jobs, job: jobs[0]! };
}
