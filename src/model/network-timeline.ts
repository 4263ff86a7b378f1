/**
 * The exogenous network timeline of one trial (SPEC §3): cuts and repairs of exposure
 * units and regional hits, generated lazily in time order from the trial's network
 * stream and recorded in a buffer that every scheme reads with its own cursor. The
 * timeline never looks at the job, so every scheme sees exactly the same cuts.
 *
 * Each unit alternates up/down (a down unit is not cut again until repaired); a
 * regional event hits each member independently whatever its state, each hit with its
 * own repair. A route is down while any outage covering it lasts, so routes keep a
 * count of covering outages and the set of down routes is a bit mask.
 *
 * Entry i of the buffer: time, the down-route mask after it, the number of cuts up to
 * and including it, and (kind, subject, cause) for `trace`. The last entry generated
 * is an END sentinel at time Infinity once the next event would fall at or after the
 * horizon.
 */
import { EventHeap } from './event-heap.js';
import type { Exposure } from './exposure.js';
import { drawRepair } from './repair-time.js';
import type { RandomStream } from './random-stream.js';

export const ENTRY_CUT = 0;
export const ENTRY_REPAIR = 1;
export const ENTRY_REGIONAL_HIT = 2;
export const ENTRY_REGIONAL_REPAIR = 3;
export const ENTRY_END = 4;

const EVENT_UNIT = 0;
const EVENT_REGIONAL = 1;
const EVENT_HIT_END = 2;

export class NetworkTimeline {
  // The buffer (read by the schemes).
  time = new Float64Array(256);
  downMask = new Int32Array(256);
  cumulativeCuts = new Int32Array(256);
  /** ENTRY_* */
  kind = new Uint8Array(256);
  /** Unit index (cut, repair) or regional target index (hits). */
  subject = new Int32Array(256);
  /** Hazard index (cut, repair) or regional process index (hits). */
  cause = new Int32Array(256);
  length = 0;

  private readonly heap = new EventHeap();
  private readonly routeOutages: Int32Array;
  private readonly unitDown: Uint8Array;
  private readonly unitCause: Int32Array;
  /** Cumulative cause rates per unit, [unit * causes + cause], for picking a cut's cause. */
  private readonly causeCumulative: Float64Array;
  private readonly unitRouteMask: Int32Array;
  private readonly unitRate: Float64Array;
  private mask = 0;
  private cuts = 0;
  private horizon = Infinity;
  private finished = false;
  private rng!: RandomStream;

  constructor(private readonly exposure: Exposure, routeCount: number) {
    const units = exposure.units;
    const causes = exposure.causes.length;
    this.routeOutages = new Int32Array(routeCount);
    this.unitDown = new Uint8Array(units.length);
    this.unitCause = new Int32Array(units.length);
    this.unitRouteMask = Int32Array.from(units, (u) => u.routeMask);
    this.unitRate = Float64Array.from(units, (u) => u.totalRatePerHour);
    this.causeCumulative = new Float64Array(units.length * causes);
    units.forEach((u, i) => {
      let sum = 0;
      for (let c = 0; c < causes; c++) this.causeCumulative[i * causes + c] = sum += u.causeRatePerHour[c]!;
    });
  }

  /** Starts a new trial: all units up at t = 0, first events drawn. */
  reset(rng: RandomStream, horizon: number): void {
    this.rng = rng;
    this.horizon = horizon;
    this.length = 0;
    this.mask = 0;
    this.cuts = 0;
    this.finished = false;
    this.routeOutages.fill(0);
    this.unitDown.fill(0);
    this.heap.clear();
    for (let u = 0; u < this.unitRate.length; u++) {
      const rate = this.unitRate[u]!;
      if (rate > 0) this.heap.push(rng.exponential(1 / rate), EVENT_UNIT, u, 0);
    }
    const regional = this.exposure.regional;
    for (let e = 0; e < regional.length; e++) {
      const process = regional[e]!;
      if (process.ratePerHour > 0 && process.targets.length > 0)
        this.heap.push(rng.exponential(1 / process.ratePerHour), EVENT_REGIONAL, e, 0);
    }
  }

  /** Makes sure entry i exists (entries past the END sentinel never do). */
  ensure(i: number): void {
    while (this.length <= i && !this.finished) this.generateNext();
  }

  /**
   * The last entry at the same instant as entry i (which must be generated and not the
   * END sentinel): schemes take every change at one instant together, so an outage of
   * zero length is none.
   */
  lastAtSameTime(i: number): number {
    const t = this.time[i];
    let j = i;
    for (this.ensure(j + 1); this.time[j + 1] === t; this.ensure(j + 1)) j++;
    return j;
  }

  /** Last entry of the instant `nextMaskChange` found. */
  changeEnd = 0;

  /**
   * From entry `from` on, the first instant after which the down routes among `routes`
   * differ from `current`: returns its first entry and leaves its last in `changeEnd`;
   * returns the END sentinel's index when there is none before the horizon.
   */
  nextMaskChange(from: number, routes: number, current: number): number {
    let i = from;
    for (;;) {
      this.ensure(i);
      if (this.time[i] === Infinity) return i;
      const j = this.lastAtSameTime(i);
      if ((this.downMask[j]! & routes) !== current) {
        this.changeEnd = j;
        return i;
      }
      i = j + 1;
    }
  }

  /** Cuts (unit cuts and regional hits) strictly before time t. */
  cutsBefore(t: number): number {
    while (!this.finished && (this.length === 0 || this.time[this.length - 1]! < t)) this.generateNext();
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.time[mid]! < t) low = mid + 1;
      else high = mid;
    }
    return low > 0 ? this.cumulativeCuts[low - 1]! : 0;
  }

  private generateNext(): void {
    const heap = this.heap;
    if (heap.peekTime() >= this.horizon) {
      this.record(Infinity, ENTRY_END, -1, -1);
      this.finished = true;
      return;
    }
    heap.pop();
    const t = heap.time;
    const rng = this.rng;
    switch (heap.kind) {
      case EVENT_UNIT: {
        const u = heap.subject;
        if (this.unitDown[u] === 0) {
          const cause = this.pickCause(u, rng.uniform());
          const repair = this.exposure.causeRepair[cause]!;
          this.unitDown[u] = 1;
          this.unitCause[u] = cause;
          this.cover(this.unitRouteMask[u]!, 1);
          this.cuts++;
          this.record(t, ENTRY_CUT, u, cause);
          heap.push(t + drawRepair(repair.kind, repair.a, repair.b, rng), EVENT_UNIT, u, 0);
        } else {
          this.unitDown[u] = 0;
          this.cover(this.unitRouteMask[u]!, -1);
          this.record(t, ENTRY_REPAIR, u, this.unitCause[u]!);
          heap.push(t + rng.exponential(1 / this.unitRate[u]!), EVENT_UNIT, u, 0);
        }
        break;
      }
      case EVENT_REGIONAL: {
        const e = heap.subject;
        const process = this.exposure.regional[e]!;
        const targets = process.targets;
        for (let k = 0; k < targets.length; k++) {
          // One uniform per member per event, hit or not, so the draws do not depend on states.
          if (rng.uniform() >= process.hitProbability) continue;
          const target = targets[k]!;
          this.cover(this.exposure.targets[target]!.routeMask, 1);
          this.cuts++;
          this.record(t, ENTRY_REGIONAL_HIT, target, e);
          const repair = process.repair;
          heap.push(t + drawRepair(repair.kind, repair.a, repair.b, rng), EVENT_HIT_END, target, e);
        }
        heap.push(t + rng.exponential(1 / process.ratePerHour), EVENT_REGIONAL, e, 0);
        break;
      }
      default: {
        this.cover(this.exposure.targets[heap.subject]!.routeMask, -1);
        this.record(t, ENTRY_REGIONAL_REPAIR, heap.subject, heap.extra);
      }
    }
  }

  private pickCause(unit: number, u: number): number {
    const causes = this.exposure.causes.length;
    const base = unit * causes;
    const x = u * this.unitRate[unit]!;
    for (let c = 0; c < causes - 1; c++) if (x < this.causeCumulative[base + c]!) return c;
    return causes - 1;
  }

  /** Adds (+1) or removes (−1) one outage covering every route of `routeMask`. */
  private cover(routeMask: number, delta: number): void {
    let m = routeMask;
    while (m !== 0) {
      const bit = m & -m;
      const r = 31 - Math.clz32(bit);
      const count = (this.routeOutages[r] = this.routeOutages[r]! + delta);
      if (count > 0) this.mask |= bit;
      else this.mask &= ~bit;
      m &= m - 1;
    }
  }

  private record(t: number, kind: number, subject: number, cause: number): void {
    if (this.length === this.time.length) this.grow();
    const i = this.length++;
    this.time[i] = t;
    this.downMask[i] = this.mask;
    this.cumulativeCuts[i] = this.cuts;
    this.kind[i] = kind;
    this.subject[i] = subject;
    this.cause[i] = cause;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const t = new Float64Array(n);
    t.set(this.time);
    this.time = t;
    const m = new Int32Array(n);
    m.set(this.downMask);
    this.downMask = m;
    const c = new Int32Array(n);
    c.set(this.cumulativeCuts);
    this.cumulativeCuts = c;
    const k = new Uint8Array(n);
    k.set(this.kind);
    this.kind = k;
    const s = new Int32Array(n);
    s.set(this.subject);
    this.subject = s;
    const a = new Int32Array(n);
    a.set(this.cause);
    this.cause = a;
  }
}
