/** One connectivity view per scheme kind (SPEC §3 "Schemes"). */
import type { CompiledScenario } from '../compile-scenario.js';
import { RestorationPaths } from '../pair-routing.js';
import type { Scheme } from '../scenario.js';
import type { ConnectivityView } from './connectivity-view.js';
import { makeElasticView } from './elastic-view.js';
import { IdealView } from './ideal-view.js';
import { ProtectionView } from './protection-view.js';
import { UnprotectedView } from './unprotected-view.js';

type Network = Pick<CompiledScenario, 'scenario' | 'topology' | 'pairs' | 'stepTime' | 'requiredRoutes' | 'exposure'>;

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
