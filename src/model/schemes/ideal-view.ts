import type { ConnectivityView } from './connectivity-view.js';

/** `ideal`: the network never fails — the yardstick for what the network costs. */
export class IdealView implements ConnectivityView {
  readonly rate = 1;
  readonly nextTime = Infinity;
  readonly stallCause = -1;
  reset(): void {}
  advance(): void {}
}
