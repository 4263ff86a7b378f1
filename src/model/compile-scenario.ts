/**
 * Everything a trial needs that does not change from trial to trial, computed once per
 * scenario: topology, pair routing, exposure units, step times, the job's constants
 * and one connectivity view per scheme.
 */
import { dalyInterval } from './daly.js';
import { buildExposure, type Exposure } from './exposure.js';
import { checkpointCount, type JobParameters } from './job-replay.js';
import { networkCrashRatePerHour } from './network-crash-rate.js';
import { RestorationPaths, routePairs, type PairRouting } from './pair-routing.js';
import type { Scenario, Scheme } from './scenario.js';
import type { ConnectivityView } from './schemes/connectivity-view.js';
import { IdealView } from './schemes/ideal-view.js';
import { OnePlusOneView } from './schemes/one-plus-one-view.js';
import { RestorationView } from './schemes/restoration-view.js';
import { UnprotectedView } from './schemes/unprotected-view.js';
import { StepTime } from './step-time.js';
import { Topology } from './topology.js';

export interface CompiledScenario {
  readonly scenario: Scenario;
  readonly topology: Topology;
  readonly pairs: readonly PairRouting[];
  readonly exposure: Exposure;
  readonly stepTime: StepTime;
  readonly job: JobParameters;
  /** Union of the primaries' routes: what `none` needs up. */
  readonly requiredRoutes: number;
  /** Job MTBF from background interruptions alone (Infinity: none). */
  readonly backgroundMtbf: number;
  /** Job MTBF from network crashes under `none` (estimate, see network-crash-rate.ts). */
  readonly networkMtbf: number;
}

export function jobGpus(scenario: Scenario): number {
  return scenario.job.sites.reduce((sum, id) => sum + scenario.sites.find((s) => s.id === id)!.gpus, 0);
}

export function compileScenario(scenario: Scenario): CompiledScenario {
  const topology = new Topology(scenario);
  const pairs = routePairs(scenario, topology);
  const exposure = buildExposure(scenario);
  const stepTime = new StepTime(scenario.job.step, pairs.map((p) => p.primary));
  const requiredRoutes = pairs.reduce((mask, p) => mask | p.primary.routeMask, 0);
  const gpus = jobGpus(scenario);
  const job = scenario.job;
  const backgroundRate = job.background ? gpus / job.background.mtbfPerGpu : 0;
  const backgroundMtbf = backgroundRate > 0 ? 1 / backgroundRate : Infinity;
  const networkRate = networkCrashRatePerHour(scenario, exposure, requiredRoutes);
  const networkMtbf = networkRate > 0 ? 1 / networkRate : Infinity;
  const interval =
    job.checkpoint.interval === 'daly'
      ? Math.min(job.work, dalyInterval(job.checkpoint.write, 1 / (backgroundRate + networkRate)))
      : job.checkpoint.interval;
  const parameters: JobParameters = {
    work: job.work,
    interval,
    checkpoints: checkpointCount(job.work, interval),
    write: job.checkpoint.write,
    restart: job.restart,
    collectiveTimeout: job.collectiveTimeout,
    recovery: job.background?.recovery ?? 0,
    backgroundRate,
    horizon: scenario.horizon,
    energyPerHour: (gpus * job.power.kwPerGpu) / 1000,
  };
  return { scenario, topology, pairs, exposure, stepTime, job: parameters, requiredRoutes, backgroundMtbf, networkMtbf };
}

export function makeView(compiled: CompiledScenario, scheme: Scheme): ConnectivityView {
  switch (scheme.kind) {
    case 'ideal':
      return new IdealView();
    case 'none':
      return new UnprotectedView(compiled.requiredRoutes);
    case 'one-plus-one':
      return new OnePlusOneView(compiled.pairs, scheme.switchover, compiled.stepTime);
    case 'restoration': {
      const paths = new RestorationPaths(compiled.topology, compiled.pairs, compiled.stepTime, scheme.capacityFraction);
      return new RestorationView(compiled.pairs, scheme.restore, paths, compiled.stepTime);
    }
  }
}
