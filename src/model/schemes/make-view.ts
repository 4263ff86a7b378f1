/** One connectivity view per scheme kind (SPEC §3 "Schemes"). */
import type { CompiledScenario } from '../compile-scenario.js';
import { RestorationPaths } from '../pair-routing.js';
import type { Scheme } from '../scenario.js';
import type { ConnectivityView } from './connectivity-view.js';
import { IdealView } from './ideal-view.js';
import { OnePlusOneView } from './one-plus-one-view.js';
import { RestorationView } from './restoration-view.js';
import { UnprotectedView } from './unprotected-view.js';

export function makeView(compiled: Pick<CompiledScenario, 'topology' | 'pairs' | 'stepTime' | 'requiredRoutes'>, scheme: Scheme): ConnectivityView {
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
