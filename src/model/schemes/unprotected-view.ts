import type { NetworkTimeline } from '../network-timeline.js';
import type { RouteSet } from '../route-set.js';
import { firstCutCause } from '../cause-metrics.js';
import type { ConnectivityView } from './connectivity-view.js';

/** `none`: connected, at full rate, iff every route of every pair's primary is up. */
export class UnprotectedView implements ConnectivityView {
  rate = 1;
  nextTime = Infinity;
  stallCause = -1;
  private nextRate = 1;
  private nextStallCause = -1;
  private cursor = 0;
  /** Whether some primary route is down after the instants scanned so far. */
  private requiredDown = false;
  private timeline!: NetworkTimeline;

  /**
   * @param requiredRoutes union of the primaries' routes: the timeline projected onto them
   * @param hazards number of hazards (cause indices of regional events follow them)
   */
  constructor(
    private readonly requiredRoutes: RouteSet,
    private readonly hazards: number,
  ) {}

  get watched(): RouteSet {
    return this.requiredRoutes;
  }

  reset(timeline: NetworkTimeline): void {
    this.timeline = timeline;
    this.cursor = 0;
    this.requiredDown = false;
    this.rate = 1;
    this.findNext();
  }

  advance(): void {
    this.rate = this.nextRate;
    this.stallCause = this.nextStallCause;
    this.findNext();
  }

  /** Next instant at which the primaries go from all up to some down, or back. */
  private findNext(): void {
    const tl = this.timeline;
    let i = this.cursor;
    for (;;) {
      i = tl.nextHitChange(i, this.requiredRoutes, this.requiredDown);
      if (tl.time[i] === Infinity) {
        this.nextTime = Infinity;
        this.cursor = i;
        return;
      }
      const j = tl.changeEnd;
      this.requiredDown = !this.requiredDown;
      const rate = this.requiredDown ? 0 : 1;
      if (rate !== this.rate) {
        this.nextTime = tl.time[i]!;
        this.nextRate = rate;
        this.nextStallCause = rate === 0 ? firstCutCause(tl, i, j, this.hazards) : -1;
        this.cursor = j + 1;
        return;
      }
      i = j + 1;
    }
  }
}
