/**
 * Everything a trial needs that does not change from trial to trial, computed once per
 * scenario: the network (compiled-network.ts), the job's constants for each scheme (they
 * differ only when `interval: daly` resolves per scheme), and the network-crash pilot's
 * estimate per scheme where the scenario needs it.
 */
import { compileNetwork, jobGpus, type CompiledNetwork } from './compiled-network.js';
import { dalyInterval } from './daly.js';
import { checkpointCount, type JobParameters } from './job-state.js';
import { pilotNetworkCrashes, type PilotEstimate } from './network-crash-pilot.js';
import type { Scenario } from './scenario.js';

export { compileNetwork, healthyStep, jobGpus, type CompiledNetwork } from './compiled-network.js';
export { makeView } from './schemes/make-view.js';

export interface CompiledScenario extends CompiledNetwork {
  /** The job's constants under each scheme, in scheme order. */
  readonly jobs: readonly JobParameters[];
  /** The first scheme's (the same for every scheme unless `interval: daly`). */
  readonly job: JobParameters;
  /**
   * Per scheme, in scheme order: the network-crash pilot's estimate — computed when
   * `interval: daly` needs it or given to `compileScenario` (workers get the
   * coordinator's, so no worker runs the pilot again); null otherwise.
   */
  readonly pilots: readonly PilotEstimate[] | null;
}

/** The network-crash pilot of every scheme, in scheme order. */
export function schemePilots(network: CompiledNetwork): PilotEstimate[] {
  return network.scenario.schemes.map((scheme) => pilotNetworkCrashes(network, scheme));
}

/**
 * Daly's optimum interval for a scheme: the MTBF of the crashes it leaves, background
 * and network together (the network part from the pilot run, network-crash-pilot.ts:
 * the compiled scenario's when it carries them, else run here).
 */
export function schemeDalyInterval(
  compiled: CompiledNetwork | CompiledScenario,
  schemeIndex: number,
): { interval: number; mtbf: number; networkMtbf: number } {
  const carried = 'pilots' in compiled ? compiled.pilots : null;
  const pilot = carried?.[schemeIndex] ?? pilotNetworkCrashes(compiled, compiled.scenario.schemes[schemeIndex]!);
  return dalyFromPilot(compiled, pilot);
}

function dalyFromPilot(network: CompiledNetwork, pilot: PilotEstimate): { interval: number; mtbf: number; networkMtbf: number } {
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

/**
 * `pilots`: the estimates of an earlier compilation of the same scenario (what a worker
 * receives); without them the pilot runs here if `interval: daly` needs it.
 */
export function compileScenario(scenario: Scenario, pilots: readonly PilotEstimate[] | null = null): CompiledScenario {
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
  if (fixed === 'daly') {
    const estimates = pilots ?? schemePilots(network);
    const jobs = estimates.map((pilot) => parameters(dalyFromPilot(network, pilot).interval));
    return { ...network, jobs, job: jobs[0]!, pilots: estimates };
  }
  const jobs = scenario.schemes.map(() => parameters(fixed));
  return { ...network, jobs, job: jobs[0]!, pilots };
}
