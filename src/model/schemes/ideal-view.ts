import { RouteSet } from '../route-set.js';
import type { ConnectivityView } from './connectivity-view.js';

const NO_ROUTES = new RouteSet([]);

/** `ideal`: the network never fails — the yardstick for what the network costs. */
export class IdealView implements ConnectivityView {
  readonly rate = 1;
  readonly nextTime = Infinity;
  readonly stallCause = -1;
  readonly watched = NO_ROUTES;
  reset(): void {}
  advance(): void {}
}
