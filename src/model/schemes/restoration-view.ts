/**
 * `restoration` (SPEC §3): when a pair's primary fails, the pair stalls for `restore`,
 * then uses the least-latency path over the routes up at that moment (if any) at
 * `capacityFraction` of its bandwidth; a cut on that path starts a new restore; a pair
 * left without a path flows at once when one appears; back to the primary, without a
 * stall, when the primary is whole again.
 */
import type { NetworkTimeline } from '../network-timeline.js';
import type { PairRouting, RestorationPaths } from '../pair-routing.js';
import type { StepTime } from '../step-time.js';
import type { ConnectivityView } from './connectivity-view.js';

const ON_PRIMARY = 0;
const RESTORING = 1;
const RESTORED = 2;
const NO_PATH = 3;

export class RestorationView implements ConnectivityView {
  rate = 1;
  nextTime = Infinity;
  private nextRate = 1;
  private cursor = 0;
  private downMask = 0;
  private timeline!: NetworkTimeline;
  private readonly state: Uint8Array;
  private readonly restoreEnd: Float64Array;
  private readonly restoredPath: Int32Array;
  private readonly primaryMask: Int32Array;
  private readonly primaryComm: Float64Array;

  constructor(
    pairs: readonly PairRouting[],
    private readonly restore: number,
    private readonly paths: RestorationPaths,
    private readonly stepTime: StepTime,
  ) {
    const n = pairs.length;
    this.state = new Uint8Array(n);
    this.restoreEnd = new Float64Array(n);
    this.restoredPath = new Int32Array(n);
    this.primaryMask = Int32Array.from(pairs, (p) => p.primary.routeMask);
    this.primaryComm = Float64Array.from(pairs, (p) => stepTime.pairComm(p.primary, 1));
  }

  reset(timeline: NetworkTimeline): void {
    this.timeline = timeline;
    this.cursor = 0;
    this.downMask = 0;
    this.rate = 1;
    this.state.fill(ON_PRIMARY);
    this.findNext();
  }

  advance(): void {
    this.rate = this.nextRate;
    this.findNext();
  }

  private findNext(): void {
    const tl = this.timeline;
    const n = this.state.length;
    for (;;) {
      tl.ensure(this.cursor);
      const tNetwork = tl.time[this.cursor]!;
      let tTimer = Infinity;
      for (let p = 0; p < n; p++) if (this.state[p] === RESTORING && this.restoreEnd[p]! < tTimer) tTimer = this.restoreEnd[p]!;
      const t = tNetwork < tTimer ? tNetwork : tTimer;
      if (t === Infinity) {
        this.nextTime = Infinity;
        return;
      }
      if (tNetwork === t) {
        let j = this.cursor;
        for (tl.ensure(j + 1); tl.time[j + 1] === t; tl.ensure(j + 1)) j++;
        this.applyDownMask(tl.downMask[j]!, t);
        this.cursor = j + 1;
      }
      for (let p = 0; p < n; p++) if (this.state[p] === RESTORING && this.restoreEnd[p]! <= t) this.completeRestore(p);
      const rate = this.currentRate();
      if (rate !== this.rate) {
        this.nextTime = t;
        this.nextRate = rate;
        return;
      }
    }
  }

  private applyDownMask(mask: number, t: number): void {
    this.downMask = mask;
    for (let p = 0; p < this.state.length; p++) {
      if ((mask & this.primaryMask[p]!) === 0) {
        this.state[p] = ON_PRIMARY;
        continue;
      }
      switch (this.state[p]) {
        case ON_PRIMARY:
          this.startRestore(p, t);
          break;
        case RESTORED:
          if ((mask & this.paths.routeMask(this.restoredPath[p]!)) !== 0) this.startRestore(p, t);
          break;
        case NO_PATH:
          this.completeRestore(p);
          break;
      }
    }
  }

  private startRestore(p: number, t: number): void {
    if (this.restore > 0) {
      this.state[p] = RESTORING;
      this.restoreEnd[p] = t + this.restore;
    } else this.completeRestore(p);
  }

  private completeRestore(p: number): void {
    const path = this.paths.pathFor(p, this.downMask);
    if (path >= 0) {
      this.state[p] = RESTORED;
      this.restoredPath[p] = path;
    } else this.state[p] = NO_PATH;
  }

  private currentRate(): number {
    let comm = 0;
    for (let p = 0; p < this.state.length; p++) {
      const state = this.state[p]!;
      if (state === RESTORING || state === NO_PATH) return 0;
      const c = state === ON_PRIMARY ? this.primaryComm[p]! : this.paths.comm(this.restoredPath[p]!);
      if (c > comm) comm = c;
    }
    return this.stepTime.rateFor(comm);
  }
}
