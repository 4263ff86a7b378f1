/**
 * One connectivity view per scheme kind (docs/model.md#schemes), and the job replay that
 * reads it: the plain one (job-replay.ts) for every kind but `elastic`, whose job
 * changes shape (elastic-replay.ts).
 */
import type { CompiledNetwork } from '../compiled-network.js';
import { replayElastic } from '../elastic-replay.js';
import { replayJob } from '../job-replay.js';
import type { BoundJobReplay } from '../job-state.js';
import { RestorationPaths } from '../pair-routing.js';
import type { Scheme } from '../scenario.js';
import type { ConnectivityView } from './connectivity-view.js';
import { makeElasticView } from './elastic-view.js';
import { IdealView } from './ideal-view.js';
import { ProtectionView } from './protection-view.js';
import { UnprotectedView } from './unprotected-view.js';

type Network = Pick<CompiledNetwork, 'scenario' | 'topology' | 'pairs' | 'stepTime' | 'requiredRoutes' | 'exposure'>;

/** A scheme as a trial plays it: its view, and the replay of the job on that view. */
export interface SchemePlay {
  readonly view: ConnectivityView;
  /** Replays the job on `view` (reset for the trial first). */
  readonly replay: BoundJobReplay;
}

export function makeSchemePlay(compiled: Network, scheme: Scheme): SchemePlay {
  if (scheme.kind === 'elastic') {
    const view = makeElasticView(compiled);
    return { view, replay: (job, marks, timeline, out, o, causes, co, tracer) => replayElastic(job, view, marks, timeline, out, o, causes, co, tracer) };
  }
  const view = makeView(compiled, scheme);
  return { view, replay: (job, marks, timeline, out, o, causes, co, tracer) => replayJob(job, view, marks, timeline, out, o, causes, co, tracer) };
}

export function makeView(compiled: Network, scheme: Scheme): ConnectivityView {
  const hazards = compiled.exposure.causes.length;
  const restoration = (restore: number, capacityFraction: number) => ({
    restore,
    paths: new RestorationPaths(compiled.topology, compiled.pairs, compiled.stepTime, capacityFraction),
  });
  switch (scheme.kind) {
    case 'ideal':
      return new IdealView();
    case 'none':
      return new UnprotectedView(compiled.requiredRoutes, hazards);
    case 'elastic':
      return makeElasticView(compiled);
    case 'one-plus-one':
      return new ProtectionView(compiled.pairs, { switchover: scheme.switchover, restoration: null }, compiled.stepTime, hazards);
    case 'restoration':
      return new ProtectionView(
        compiled.pairs,
        { switchover: null, restoration: restoration(scheme.restore, scheme.capacityFraction) },
        compiled.stepTime,
        hazards,
      );
    case 'one-plus-one-restoration':
      return new ProtectionView(
        compiled.pairs,
        { switchover: scheme.switchover, restoration: restoration(scheme.restore, scheme.capacityFraction) },
        compiled.stepTime,
        hazards,
      );
  }
}
