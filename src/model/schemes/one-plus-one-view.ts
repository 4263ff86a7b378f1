/**
 * `one-plus-one` (SPEC §3): each pair has a primary and an SRLG-disjoint backup. When
 * the primary fails while the backup is up, traffic switches after `switchover` (a
 * stall of that length); the pair is down while both are down; revertive: back to the
 * primary, without a stall, when it is repaired. A pair that was down flows at once
 * when either path returns.
 */
import type { NetworkTimeline } from '../network-timeline.js';
import type { PairRouting } from '../pair-routing.js';
import type { StepTime } from '../step-time.js';
import type { ConnectivityView } from './connectivity-view.js';

const ON_PRIMARY = 0;
const SWITCHING = 1;
const ON_BACKUP = 2;
const DOWN = 3;

export class OnePlusOneView implements ConnectivityView {
  rate = 1;
  nextTime = Infinity;
  private nextRate = 1;
  private cursor = 0;
  private timeline!: NetworkTimeline;
  private readonly state: Uint8Array;
  private readonly switchEnd: Float64Array;
  private readonly primaryMask: Int32Array;
  /** 0 for a pair without a backup: the test "backup up" then always fails via hasBackup. */
  private readonly backupMask: Int32Array;
  private readonly hasBackup: Uint8Array;
  private readonly primaryComm: Float64Array;
  private readonly backupComm: Float64Array;

  constructor(
    pairs: readonly PairRouting[],
    private readonly switchover: number,
    private readonly stepTime: StepTime,
  ) {
    const n = pairs.length;
    this.state = new Uint8Array(n);
    this.switchEnd = new Float64Array(n);
    this.primaryMask = Int32Array.from(pairs, (p) => p.primary.routeMask);
    this.backupMask = Int32Array.from(pairs, (p) => p.backup?.routeMask ?? 0);
    this.hasBackup = Uint8Array.from(pairs, (p) => (p.backup ? 1 : 0));
    this.primaryComm = Float64Array.from(pairs, (p) => stepTime.pairComm(p.primary, 1));
    this.backupComm = Float64Array.from(pairs, (p) => (p.backup ? stepTime.pairComm(p.backup, 1) : 0));
  }

  reset(timeline: NetworkTimeline): void {
    this.timeline = timeline;
    this.cursor = 0;
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
      for (let p = 0; p < n; p++) if (this.state[p] === SWITCHING && this.switchEnd[p]! < tTimer) tTimer = this.switchEnd[p]!;
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
      for (let p = 0; p < n; p++) if (this.state[p] === SWITCHING && this.switchEnd[p]! <= t) this.state[p] = ON_BACKUP;
      const rate = this.currentRate();
      if (rate !== this.rate) {
        this.nextTime = t;
        this.nextRate = rate;
        return;
      }
    }
  }

  private applyDownMask(mask: number, t: number): void {
    for (let p = 0; p < this.state.length; p++) {
      const primaryUp = (mask & this.primaryMask[p]!) === 0;
      const backupUp = this.hasBackup[p] === 1 && (mask & this.backupMask[p]!) === 0;
      const state = this.state[p]!;
      if (primaryUp) this.state[p] = ON_PRIMARY;
      else if (!backupUp) this.state[p] = DOWN;
      else if (state === ON_PRIMARY) {
        if (this.switchover > 0) {
          this.state[p] = SWITCHING;
          this.switchEnd[p] = t + this.switchover;
        } else this.state[p] = ON_BACKUP;
      } else if (state === DOWN) this.state[p] = ON_BACKUP;
    }
  }

  private currentRate(): number {
    let comm = 0;
    for (let p = 0; p < this.state.length; p++) {
      const state = this.state[p]!;
      if (state === SWITCHING || state === DOWN) return 0;
      const c = state === ON_PRIMARY ? this.primaryComm[p]! : this.backupComm[p]!;
      if (c > comm) comm = c;
    }
    return this.stepTime.rateFor(comm);
  }
}
