/**
 * The exogenous network timeline of one trial (docs/model.md#timeline): cuts and repairs of exposure
 * units and regional hits, generated lazily in time order from the trial's network
 * stream and recorded in a buffer that every scheme reads with its own cursor. The
 * timeline never looks at the job, so every scheme sees exactly the same cuts.
 *
 * Each unit alternates up/down (a down unit is not cut again until repaired); a
 * regional event hits each member independently whatever its state, each hit with its
 * own repair. A route is down while any outage covering it lasts, so routes keep a
 * count of covering outages and the set of down routes is a bitset of `words` int32
 * words (route-set.ts): one word, the plain route mask, up to 32 routes.
 *
 * Entry i of the buffer: time, the down-route bitset after it (words i·words …), the
 * number of cuts up to and including it, and (kind, subject, cause) for `trace`. The last entry generated
 * is an END sentinel at time Infinity once the next event would fall at or after the
 * horizon.
 *
 * Under importance sampling (docs/model.md#rare-events) cuts and regional events are
 * drawn at a multiple of their rates — one factor always (`uniform`), or one while
 * something is down and another while all is up (`failure-biasing`) — and `likelihood` follows the ratio of the true law to the
 * biased one. Without it the multiplier is 1 and the draws are exactly the plain ones.
 */
import { EventHeap } from './event-heap.js';
import type { Exposure } from './exposure.js';
import { LikelihoodRatio } from './likelihood-ratio.js';
import type { RareEvents } from './scenario.js';
import { drawRepair } from './repair-time.js';
import type { RandomStream } from './random-stream.js';
import { wordsFor, type RouteSet } from './route-set.js';

export const ENTRY_CUT = 0;
export const ENTRY_REPAIR = 1;
export const ENTRY_REGIONAL_HIT = 2;
export const ENTRY_REGIONAL_REPAIR = 3;
export const ENTRY_END = 4;

const EVENT_UNIT = 0;
const EVENT_REGIONAL = 1;
const EVENT_HIT_END = 2;

export class NetworkTimeline {
  /** Int32 words of one entry's down-route bitset. */
  readonly words: number;
  // The buffer (read by the schemes).
  time = new Float64Array(256);
  /** Entry i's down routes: words [i·words, (i+1)·words). */
  downMask: Int32Array;
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
  /** Routes of unit u: unitRoutes[unitStart[u] … unitStart[u + 1]); likewise for regional targets. */
  private readonly unitStart: Int32Array;
  private readonly unitRoutes: Int32Array;
  private readonly targetStart: Int32Array;
  private readonly targetRoutes: Int32Array;
  private readonly unitRate: Float64Array;
  /**
   * The units that can be cut (rate > 0), and the mean of their first cut at the
   * all-up multiplier: 1 / (rate × multiplier), as `reset` draws it.
   */
  private readonly cutUnits: Int32Array;
  private readonly firstCutMean: Float64Array;
  /** Their first cuts' unit exponentials, drawn in one go at each `reset`. */
  private readonly firstCutDraws: Float64Array;
  /** Down routes now. */
  private readonly mask: Int32Array;
  private cuts = 0;
  /** The multiplier while some outage is in progress, and while none is (both 1 without biasing). */
  private readonly downFactor: number;
  private readonly upFactor: number;
  /** The cut and regional rates are drawn at `multiplier` × their true values now. */
  private multiplier = 1;
  /** Down units and regional hits in progress (what `failure-biasing` watches). */
  private downCount = 0;
  /** Σ true rates of the processes exposed now: up units, every regional process. */
  private exposedRate = 0;
  private readonly fullExposedRate: number;
  readonly likelihood = new LikelihoodRatio();
  private horizon = Infinity;
  /**
   * First cuts drawn at or after `holdFrom` wait here, outside the heap, until the
   * timeline reaches that time (see `reset`): times, units and their places in the
   * order of ties.
   */
  private holdFrom = Infinity;
  /** The timeline is drawn up to here: `lookahead`, or the horizon (see `reset`). */
  complete = Infinity;
  private readonly heldTime: Float64Array;
  private readonly heldUnit: Int32Array;
  private readonly heldSeq: Float64Array;
  private heldCount = 0;
  private finished = false;
  private rng!: RandomStream;

  /** @param bias null: plain Monte Carlo (the pilot's timeline is always plain). */
  constructor(
    private readonly exposure: Exposure,
    routeCount: number,
    private readonly bias: RareEvents | null = null,
  ) {
    const units = exposure.units;
    const causes = exposure.causes.length;
    this.words = wordsFor(routeCount);
    this.downMask = new Int32Array(256 * this.words);
    this.mask = new Int32Array(this.words);
    this.downUnion = new Int32Array(this.words);
    this.routeOutages = new Int32Array(routeCount);
    this.unitDown = new Uint8Array(units.length);
    this.unitCause = new Int32Array(units.length);
    this.heldTime = new Float64Array(units.length);
    this.heldUnit = new Int32Array(units.length);
    this.heldSeq = new Float64Array(units.length);
    [this.unitStart, this.unitRoutes] = flatten(units.map((u) => u.routes));
    [this.targetStart, this.targetRoutes] = flatten(exposure.targets.map((t) => t.routes));
    this.unitRate = Float64Array.from(units, (u) => u.totalRatePerHour);
    this.causeCumulative = new Float64Array(units.length * causes);
    units.forEach((u, i) => {
      let sum = 0;
      for (let c = 0; c < causes; c++) this.causeCumulative[i * causes + c] = sum += u.causeRatePerHour[c]!;
    });
    this.downFactor = bias?.factor ?? 1;
    this.upFactor = bias === null ? 1 : bias.method === 'uniform' ? bias.factor : bias.allUpFactor;
    this.cutUnits = Int32Array.from(units.flatMap((u, i) => (u.totalRatePerHour > 0 ? [i] : [])));
    this.firstCutMean = Float64Array.from(this.cutUnits, (u) => 1 / (this.unitRate[u]! * this.upFactor));
    this.firstCutDraws = new Float64Array(this.cutUnits.length);
    let exposed = 0;
    for (const u of units) exposed += u.totalRatePerHour;
    for (const p of exposure.regional) if (p.targets.length > 0) exposed += p.ratePerHour;
    this.fullExposedRate = exposed;
  }

  /**
   * Log of the likelihood ratio of the trial's timeline over [0, τ) (0 without
   * importance sampling); draws the timeline up to τ if it is not yet.
   */
  logWeightAt(tau: number): number {
    if (this.bias === null) return 0;
    this.cutsBefore(tau);
    return this.likelihood.at(Math.min(tau, this.horizon));
  }

  /**
   * Starts a new trial: all units up at t = 0, first events drawn.
   *
   * `lookahead`: when the trial is expected to need no more of the timeline (its jobs
   * done). A scheme's view looks for its next change however far it is — on a big mesh
   * often long after the job has ended (Cogent's 245 routes: half of a trial's entries
   * came after the last job's end) — so without importance sampling the timeline stops
   * at `lookahead` (`complete`) and is drawn on only if a job runs past it
   * (`extendToHorizon`; trial-runner.ts replays that scheme). A job done before then never
   * met anything later: its outcome is the same either way.
   *
   * Likewise the first cuts drawn at or after `lookahead` (most units of a big mesh:
   * four in five after a 30-day job) are held out of the heap until the timeline gets
   * there, if it ever does, so the heap stays a fifth of the size. The draws stay exactly
   * as they were, and held cuts keep their places in the order of ties, so the timeline is
   * the same whatever `lookahead` is. Under importance sampling the pending cuts are
   * rescaled in the heap (`changeDown`), and the weight needs the whole timeline up to the
   * last job's end: nothing is held or cut short.
   */
  reset(rng: RandomStream, horizon: number, lookahead = Infinity): void {
    this.rng = rng;
    this.horizon = horizon;
    this.length = 0;
    this.mask.fill(0);
    this.cuts = 0;
    this.finished = false;
    this.routeOutages.fill(0);
    this.unitDown.fill(0);
    this.heap.clear();
    this.heldCount = 0;
    this.unionLimit = Number.NaN;
    this.holdFrom = this.bias === null ? lookahead : Infinity;
    this.complete = this.bias === null && lookahead < horizon ? lookahead : horizon;
    // × 1 leaves a rate bit for bit as it is: without biasing the draws are the plain ones.
    this.multiplier = this.upFactor;
    if (this.bias !== null) {
      this.downCount = 0;
      this.exposedRate = this.fullExposedRate;
      this.likelihood.reset((this.multiplier - 1) * this.exposedRate);
    }
    const m = this.multiplier;
    const holdFrom = this.holdFrom;
    // Every unit that can be cut draws its first cut, in unit order: the draws of one
    // loop, each times its mean as `exponential` does (m is the all-up multiplier here).
    const cutUnits = this.cutUnits;
    const draws = this.firstCutDraws;
    rng.fillExponentials(draws, 0, cutUnits.length);
    for (let k = 0; k < cutUnits.length; k++) {
      const u = cutUnits[k]!;
      const t = this.firstCutMean[k]! * draws[k]!;
      if (t < holdFrom) this.heap.push(t, EVENT_UNIT, u, 0);
      else {
        const k = this.heldCount++;
        this.heldTime[k] = t;
        this.heldUnit[k] = u;
        this.heldSeq[k] = this.heap.reserveSeq();
      }
    }
    const regional = this.exposure.regional;
    for (let e = 0; e < regional.length; e++) {
      const process = regional[e]!;
      if (process.ratePerHour > 0 && process.targets.length > 0)
        this.heap.push(rng.exponential(1 / (process.ratePerHour * m)), EVENT_REGIONAL, e, 0);
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

  /** Last entry of the instant `nextHitChange` or `nextProjectionChange` found. */
  changeEnd = 0;

  /** Whether route r is down after entry i. */
  isDown(i: number, r: number): boolean {
    return ((this.downMask[i * this.words + (r >>> 5)]! >>> (r & 31)) & 1) === 1;
  }

  /**
   * From entry `from` on, the first instant after which whether any of `routes` is down
   * differs from `hit`: returns its first entry and leaves its last in `changeEnd`;
   * returns the END sentinel's index when there is none before the horizon.
   */
  nextHitChange(from: number, routes: RouteSet, hit: boolean): number {
    const words = this.words;
    let i = from;
    for (;;) {
      this.ensure(i);
      if (this.time[i] === Infinity) return i;
      const j = this.lastAtSameTime(i);
      if (routes.hitBy(this.downMask, j * words) !== hit) {
        this.changeEnd = j;
        return i;
      }
      i = j + 1;
    }
  }

  /**
   * From entry `from` on, the first instant after which the down routes among `routes`
   * differ from `current` (per word of `routes`, its down bits): as `nextHitChange`.
   */
  nextProjectionChange(from: number, routes: RouteSet, current: Int32Array): number {
    const words = this.words;
    const setWords = routes.words;
    const bits = routes.bits;
    let i = from;
    for (;;) {
      this.ensure(i);
      if (this.time[i] === Infinity) return i;
      const j = this.lastAtSameTime(i);
      const base = j * words;
      for (let k = 0; k < setWords.length; k++) {
        if ((this.downMask[base + setWords[k]!]! & bits[k]!) !== current[k]) {
          this.changeEnd = j;
          return i;
        }
      }
      i = j + 1;
    }
  }

  /**
   * Whether some route of `routes` is down after some entry at or before `limit`, or the
   * timeline as drawn stops before `limit` (then it cannot tell: true). Draws the
   * timeline as far as `limit`.
   */
  downBy(routes: RouteSet, limit: number): boolean {
    if (limit !== this.unionLimit) {
      // Every route down at some entry up to limit, once for all the sets asked about.
      const entries = this.entriesThrough(limit);
      this.unionLimit = limit;
      this.unionKnown = entries >= 0;
      const words = this.words;
      const union = this.downUnion;
      union.fill(0);
      for (let i = 0; i < entries; i++) for (let w = 0; w < words; w++) union[w]! |= this.downMask[i * words + w]!;
    }
    return !this.unionKnown || routes.hitBy(this.downUnion, 0);
  }

  /**
   * The number of entries at or before `limit`, drawing the timeline that far; −1 when
   * the timeline as drawn stops before `limit` (the entries there are not known yet).
   */
  entriesThrough(limit: number): number {
    while (!this.finished && (this.length === 0 || this.time[this.length - 1]! <= limit)) this.generateNext();
    if (!this.covers(limit)) return -1;
    let n = 0;
    while (n < this.length && this.time[n]! <= limit) n++;
    return n;
  }
  /** `downBy`'s union of the down bitsets up to `unionLimit` (NaN: none yet this trial), and whether the timeline covered it. */
  private unionLimit = Number.NaN;
  private unionKnown = false;
  private readonly downUnion: Int32Array;

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
    // Held cuts are all at or after holdFrom: when the timeline stops there, they stay held.
    if (this.heldCount > 0 && heap.peekTime() >= this.holdFrom && this.holdFrom < this.complete) this.releaseHeld();
    if (heap.peekTime() >= this.complete) {
      this.record(Infinity, ENTRY_END, -1, -1);
      this.finished = true;
      return;
    }
    heap.pop();
    const t = heap.time;
    const rng = this.rng;
    const biased = this.bias !== null;
    if (biased) this.likelihood.advance(t);
    switch (heap.kind) {
      case EVENT_UNIT: {
        const u = heap.subject;
        if (this.unitDown[u] === 0) {
          const cause = this.pickCause(u, rng.uniform());
          const repair = this.exposure.causeRepair[cause]!;
          this.unitDown[u] = 1;
          this.unitCause[u] = cause;
          this.cover(this.unitRoutes, this.unitStart[u]!, this.unitStart[u + 1]!, 1);
          this.cuts++;
          this.record(t, ENTRY_CUT, u, cause);
          heap.push(t + drawRepair(repair.kind, repair.a, repair.b, rng), EVENT_UNIT, u, 0);
          if (biased) {
            this.likelihood.event(this.multiplier);
            this.exposedRate -= this.unitRate[u]!;
            this.changeDown(t, 1);
          }
        } else {
          this.unitDown[u] = 0;
          this.cover(this.unitRoutes, this.unitStart[u]!, this.unitStart[u + 1]!, -1);
          this.record(t, ENTRY_REPAIR, u, this.unitCause[u]!);
          if (biased) {
            this.exposedRate += this.unitRate[u]!;
            this.changeDown(t, -1);
          }
          heap.push(t + rng.exponential(1 / (this.unitRate[u]! * this.multiplier)), EVENT_UNIT, u, 0);
        }
        break;
      }
      case EVENT_REGIONAL: {
        const e = heap.subject;
        const process = this.exposure.regional[e]!;
        const targets = process.targets;
        let hits = 0;
        for (let k = 0; k < targets.length; k++) {
          // One uniform per member per event, hit or not, so the draws do not depend on states.
          if (rng.uniform() >= process.hitProbability) continue;
          const target = targets[k]!;
          this.cover(this.targetRoutes, this.targetStart[target]!, this.targetStart[target + 1]!, 1);
          this.cuts++;
          hits++;
          this.record(t, ENTRY_REGIONAL_HIT, target, e);
          const repair = process.repair;
          heap.push(t + drawRepair(repair.kind, repair.a, repair.b, rng), EVENT_HIT_END, target, e);
        }
        if (biased) {
          this.likelihood.event(this.multiplier);
          this.changeDown(t, hits);
        }
        heap.push(t + rng.exponential(1 / (process.ratePerHour * this.multiplier)), EVENT_REGIONAL, e, 0);
        break;
      }
      default: {
        const target = heap.subject;
        this.cover(this.targetRoutes, this.targetStart[target]!, this.targetStart[target + 1]!, -1);
        this.record(t, ENTRY_REGIONAL_REPAIR, heap.subject, heap.extra);
        if (biased) this.changeDown(t, -1);
      }
    }
  }

  /** Whether the timeline as drawn holds every entry before t (or all there are). */
  covers(t: number): boolean {
    return t < this.complete || this.complete >= this.horizon;
  }

  /**
   * Draws the timeline on to the horizon, past `lookahead` (see `reset`): the END entry
   * at `complete` goes, and the entries that follow are exactly those a timeline reset
   * with no lookahead has.
   */
  extendToHorizon(): void {
    if (this.complete >= this.horizon) return;
    this.complete = this.horizon;
    this.unionLimit = Number.NaN;
    if (this.finished) {
      this.length--;
      this.finished = false;
    }
  }

  /** The held first cuts join the heap: the timeline has reached `holdFrom`. */
  private releaseHeld(): void {
    for (let k = 0; k < this.heldCount; k++) this.heap.pushInOrder(this.heldTime[k]!, EVENT_UNIT, this.heldUnit[k]!, 0, this.heldSeq[k]!);
    this.heldCount = 0;
  }

  /**
   * `delta` more (or fewer) outages in progress at t. The multiplier follows whether
   * any is (under `uniform` it is the same either way): the pending cuts of up units and the pending
   * regional events are rescaled to the new rates (their draws are exponential, so what
   * is left of them scales). Then the likelihood ratio's slope is set and t marked.
   */
  private changeDown(t: number, delta: number): void {
    this.downCount += delta;
    const m = this.downCount > 0 ? this.downFactor : this.upFactor;
    if (m !== this.multiplier) {
      const ratio = this.multiplier / m;
      this.heap.scaleAfter(t, ratio, EVENT_UNIT, this.unitDown);
      this.heap.scaleAfter(t, ratio, EVENT_REGIONAL, null);
      this.multiplier = m;
    }
    this.likelihood.setSlope((this.multiplier - 1) * this.exposedRate);
  }

  private pickCause(unit: number, u: number): number {
    const causes = this.exposure.causes.length;
    const base = unit * causes;
    const x = u * this.unitRate[unit]!;
    for (let c = 0; c < causes - 1; c++) if (x < this.causeCumulative[base + c]!) return c;
    return causes - 1;
  }

  /** Adds (+1) or removes (−1) one outage covering every route of `routes[start … end)`. */
  private cover(routes: Int32Array, start: number, end: number, delta: number): void {
    const mask = this.mask;
    for (let k = start; k < end; k++) {
      const r = routes[k]!;
      const count = (this.routeOutages[r] = this.routeOutages[r]! + delta);
      const bit = 1 << (r & 31);
      if (count > 0) mask[r >>> 5]! |= bit;
      else mask[r >>> 5]! &= ~bit;
    }
  }

  private record(t: number, kind: number, subject: number, cause: number): void {
    if (this.length === this.time.length) this.grow();
    const i = this.length++;
    this.time[i] = t;
    const words = this.words;
    // A loop, not `set`: a call into the runtime costs more than copying a few words.
    const base = i * words;
    for (let w = 0; w < words; w++) this.downMask[base + w] = this.mask[w]!;
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
    const m = new Int32Array(n * this.words);
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

/** Lists of route indices as one flat array and the start of each (CSR). */
function flatten(lists: readonly (readonly number[])[]): [Int32Array, Int32Array] {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (start[i + 1] = start[i]! + l.length));
  const flat = new Int32Array(start[lists.length]!);
  lists.forEach((l, i) => flat.set(l, start[i]!));
  return [start, flat];
}
