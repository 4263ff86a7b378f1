/**
 * How often a scheme leaves the job a network crash, measured rather than guessed: a
 * pilot run of the network timeline alone (no job), long enough for ≈ 20 000 cuts,
 * through the scheme's connectivity view, counting the stalls that last at least the
 * collective timeout. This is the model's own definition of a network crash, so it
 * holds for every scheme (one-plus-one's double failures, restoration's failed
 * detours, switchovers longer than a zero timeout) where a closed form would not.
 * Used for `interval: daly` (Daly's optimum per scheme) and by `validate`/`optimize`.
 * Deterministic: its stream is derived from the campaign seed like a trial's.
 */

import type { CompiledNetwork } from './compiled-network.js';
import { makeView } from './schemes/make-view.js';
import { NetworkTimeline } from './network-timeline.js';
import { RandomStream, STREAM_PILOT } from './random-stream.js';
import type { Scheme } from './scenario.js';

const PILOT_CUTS = 20_000;
/** Long enough for any realistic network; a network that is almost never cut gets this span. */
const MAX_PILOT_HOURS = 1e9;

export interface PilotEstimate {
  /** Network crashes per wall-clock hour (0 under `ideal`). */
  readonly crashesPerHour: number;
  readonly crashes: number;
  readonly hours: number;
}

export function pilotNetworkCrashes(compiled: CompiledNetwork, scheme: Scheme): PilotEstimate {
  const { exposure, scenario } = compiled;
  const cutRate =
    exposure.units.reduce((sum, u) => sum + u.totalRatePerHour, 0) +
    exposure.regional.reduce((sum, r) => sum + r.ratePerHour * r.targets.length * r.hitProbability, 0);
  if (scheme.kind === 'ideal' || cutRate === 0) return { crashesPerHour: 0, crashes: 0, hours: 0 };
  const hours = Math.min(MAX_PILOT_HOURS, PILOT_CUTS / cutRate);
  const rng = new RandomStream();
  rng.reseed(scenario.seed, 0, STREAM_PILOT);
  const timeline = new NetworkTimeline(exposure, scenario.routes.length);
  timeline.reset(rng, hours);
  const view = makeView(compiled, scheme);
  view.reset(timeline);
  const timeout = scenario.job.collectiveTimeout;
  let crashes = 0;
  let stallStart = 0;
  while (view.nextTime < hours) {
    const t = view.nextTime;
    const before = view.rate;
    view.advance();
    if (before > 0 && view.rate === 0) stallStart = t;
    else if (before === 0 && view.rate > 0 && t - stallStart >= timeout) crashes++;
  }
  return { crashesPerHour: crashes / hours, crashes, hours };
}
