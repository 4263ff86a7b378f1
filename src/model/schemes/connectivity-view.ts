/**
 * What a scheme tells the job (docs/model.md#schemes): a piecewise-constant progress rate
 * over wall time, 0 while some required pair is disconnected (partition, switchover,
 * restore in progress). A view turns the common network timeline into that function
 * without looking at the job, so it can run ahead of the job: `nextTime` is when the
 * rate next changes and `advance()` moves to it. Changes that cancel out at one instant
 * (a cut repaired at the same time) are coalesced: a stall of zero length is no stall.
 */
import type { NetworkTimeline } from '../network-timeline.js';
import type { RouteSet } from '../route-set.js';

export interface ConnectivityView {
  /** Current progress rate: 0 = stalled by the network, else in (0, 1]. */
  readonly rate: number;
  /** When the rate next changes; Infinity when it does not before the horizon. */
  readonly nextTime: number;
  /**
   * While the rate is 0: the cause (cause-metrics.ts) of the cut that disconnected the
   * job, for attributing a network crash; −1 when unknown.
   */
  readonly stallCause: number;
  /**
   * The routes the rate depends on while they are all up: after `reset` the rate stays 1
   * at least until one of them goes down (empty: never, for `ideal`).
   */
  readonly watched: RouteSet;
  /** Starts a trial (all routes up at t = 0, so rate 1). */
  reset(timeline: NetworkTimeline): void;
  /** Moves to the change at `nextTime`. */
  advance(): void;
}
