/**
 * Bounds on what a scenario implies rather than writes (limits.ts, docs/limits.md): a
 * file whose every value is in range can still ask for 10¹⁸ checkpoints, 10¹⁰ cuts a
 * trial or a step of 10²⁹⁶ hours, and then hang or overflow to ∞ and NaN in the run.
 * Each problem names the key to change, the derived figure and its bound.
 */
import { meanRepair } from '../model/repair-time.js';
import type { RepairDistribution, Scenario } from '../model/scenario.js';
import {
  expectedBackgroundEvents,
  expectedNetworkEvents,
  gpuPowerMw,
  largestFactor,
  maxCheckpointsPerJob,
  networkPowerMw,
} from './derived-figures.js';
import {
  MAX_BACKGROUND_EVENTS,
  MAX_CHECKPOINTS,
  MAX_HORIZON_H,
  MAX_MEAN_REPAIR_H,
  MAX_NETWORK_EVENTS,
  MAX_POWER_MW,
  MAX_STEP_H,
  MAX_WORK_H,
} from './limits.js';

/** A derived figure for a message: 3 significant digits, and never "Infinity" or "NaN". */
export function figure(x: number): string {
  if (Number.isNaN(x)) return 'undefined (0/0 or ∞−∞)';
  if (!Number.isFinite(x)) return x > 0 ? 'more than 1.8e308' : 'less than -1.8e308';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return x.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(x.toPrecision(3)));
}

/** `at most` with the bound written plainly: 1e+6 → 1000000. */
const bound = (x: number): string => x.toLocaleString('en-US', { maximumSignificantDigits: 6 }).replaceAll(',', ' ');

/** Not `x > max`: NaN must fail too. */
const exceeds = (x: number, max: number): boolean => !(x <= max);

/** The healthy step time, checked first: W from `steps` and every rate depend on it. */
export function checkStep(step: number, compute: number): string[] {
  if (!exceeds(step, MAX_STEP_H)) return [];
  return [
    `job.step: the healthy step time (compute ${figure(compute)} h + WAN time) is ${figure(step)} h, must be at most ${bound(MAX_STEP_H)} h (lower wan_bytes or wan_round_trips, or raise route capacity)`,
  ];
}

export function checkDerived(scenario: Scenario, network: { step: number; traversals: number }): string[] {
  const problems: string[] = [];
  const { job } = scenario;
  const workKey = job.steps === null ? 'job.work' : 'job.steps';
  if (exceeds(job.work, MAX_WORK_H))
    problems.push(`${workKey}: the work W is ${figure(job.work)} h, must be at most ${bound(MAX_WORK_H)} h (100 years)`);
  if (exceeds(scenario.horizon, MAX_HORIZON_H))
    problems.push(`horizon: ${figure(scenario.horizon)} h (10 × W unless given), must be at most ${bound(MAX_HORIZON_H)} h (1000 years)`);
  // The counts below scale with W and the horizon: meaningless past those bounds.
  if (problems.length > 0) return problems;

  const checkpoints = maxCheckpointsPerJob(scenario);
  if (exceeds(checkpoints, MAX_CHECKPOINTS)) {
    problems.push(
      job.checkpoint.interval === 'daly'
        ? `job.checkpoint.write: with interval daly, a write of ${figure(job.checkpoint.write)} h can give up to ${figure(checkpoints)} checkpoints per job (W / τ), must be at most ${bound(MAX_CHECKPOINTS)}`
        : `job.checkpoint.interval: ${figure(job.checkpoint.interval)} h gives ${figure(checkpoints)} checkpoints per job (W / τ = ${figure(job.work)} h / ${figure(job.checkpoint.interval)} h), must be at most ${bound(MAX_CHECKPOINTS)}`,
    );
  }

  // Drawn events are what a trial holds: under importance sampling, the raised ones.
  const { cuts, regionalHits } = expectedNetworkEvents(scenario, true);
  if (exceeds(cuts + regionalHits, MAX_NETWORK_EVENTS)) {
    const plain = expectedNetworkEvents(scenario);
    const raised = scenario.rareEvents !== undefined && !exceeds(plain.cuts + plain.regionalHits, MAX_NETWORK_EVENTS);
    // Name the larger source: that is the key to change.
    const key = raised ? 'rare_events.factor' : regionalHits > cuts ? 'regional' : 'hazards';
    const drawn = raised ? ` drawn at ${figure(largestFactor(scenario))} × their rates` : '';
    problems.push(
      `${key}: ${figure(cuts)} cuts and ${figure(regionalHits)} regional hits (each event × the routes and SRLGs of its region it hits)${drawn} expected per trial over the horizon of ${figure(scenario.horizon)} h, must be at most ${bound(MAX_NETWORK_EVENTS)} together (lower the ${raised ? 'factor, ' : ''}rates or the horizon)`,
    );
  }

  const background = expectedBackgroundEvents(scenario);
  if (exceeds(background, MAX_BACKGROUND_EVENTS)) {
    problems.push(
      `job.background.mtbf_per_gpu: ${figure(job.background!.mtbfPerGpu)} h per GPU gives ${figure(background)} background interruptions expected per trial over the horizon of ${figure(scenario.horizon)} h, must be at most ${bound(MAX_BACKGROUND_EVENTS)}`,
    );
  }

  const gpuMw = gpuPowerMw(scenario);
  if (exceeds(gpuMw, MAX_POWER_MW))
    problems.push(`job.power.kw_per_gpu: the job's GPUs draw ${figure(gpuMw)} MW, must be at most ${bound(MAX_POWER_MW)} MW`);
  const wanMw = networkPowerMw(scenario, network);
  if (exceeds(wanMw, MAX_POWER_MW))
    problems.push(`job.network_energy.pj_per_bit: WAN transport draws ${figure(wanMw)} MW while the job runs, must be at most ${bound(MAX_POWER_MW)} MW`);

  problems.push(...checkRepairs(scenario));
  return problems;
}

/** A repair (or jitter) whose mean outlasts any horizon, or whose draws overflow. */
function checkRepairs(scenario: Scenario): string[] {
  const repairs: [string, RepairDistribution][] = [
    ...scenario.hazards.map((h): [string, RepairDistribution] => [`hazards.${h.cause}.repair`, h.repair]),
    ...scenario.regional.map((e, i): [string, RepairDistribution] => [`regional[${i}].repair`, e.repair]),
    ...scenario.routes.flatMap((r, i): [string, RepairDistribution][] => (r.jitter ? [[`routes[${i}].jitter`, r.jitter]] : [])),
  ];
  return repairs.flatMap(([key, repair]) => {
    const mean = meanRepair(repair);
    return exceeds(mean, MAX_MEAN_REPAIR_H)
      ? [`${key}: mean ${figure(mean)} h, must be at most ${bound(MAX_MEAN_REPAIR_H)} h (a lognormal sigma or a small weibull shape makes the mean explode)`]
      : [];
  });
}
