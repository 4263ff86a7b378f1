/**
 * The protected schemes of docs/model.md#schemes, pair by pair, in one state machine:
 *
 * - `one-plus-one`: each pair has a primary and an SRLG-disjoint backup. When the
 *   primary fails while the backup is up, traffic switches after `switchover` (a stall
 *   of that length); revertive: back to the primary, without a stall, when it is
 *   repaired. Down while both are down.
 * - `restoration`: when the primary fails, the pair stalls for `restore`, then uses the
 *   least-latency path over the routes up at that moment (if any) at `capacity_fraction`
 *   of its bandwidth; a cut on that path starts a new restore.
 * - `one-plus-one-restoration`: one-plus-one, and restoration when both are down.
 *
 * For every scheme a pair that was disconnected flows at once when a path returns (the
 * primary, the backup, or — after a restore found nothing — any path), and a pair goes
 * back to its primary without a stall as soon as the primary is whole.
 *
 * Each pair reads the timeline through its own paths only (primary, backup, current
 * detour: RouteSets, one `&` per bitset word they touch), and a detour is looked up
 * (RestorationPaths, cached per down set) only when a change hits the pair's primary
 * or current detour, so a mesh of thousands of routes costs what the paths touch.
 *
 * Most changes of a big mesh touch none of those paths. Such a change cannot move any
 * pair (see `applyDown`): the view then only notes where the network is (for a restore
 * that completes later) and keeps its rate, without visiting the pairs. Only a pair
 * left without any path by a restore looks at every change, since any repair may bring
 * it one.
 */
import type { NetworkTimeline } from '../network-timeline.js';
import type { PairRouting, RestorationPaths } from '../pair-routing.js';
import { RouteSet } from '../route-set.js';
import type { StepTime } from '../step-time.js';
import { firstCutCause } from '../cause-metrics.js';
import type { ConnectivityView } from './connectivity-view.js';

const ON_PRIMARY = 0;
const SWITCHING = 1;
const ON_BACKUP = 2;
const RESTORING = 3;
const RESTORED = 4;
/** No path: after a restore found none, or both paths down without restoration. */
const DOWN = 5;

export interface ProtectionOptions {
  /** One-plus-one switchover; null: no backup path is provisioned. */
  readonly switchover: number | null;
  /** Restoration; null: none. */
  readonly restoration: { readonly restore: number; readonly paths: RestorationPaths } | null;
}

export class ProtectionView implements ConnectivityView {
  rate = 1;
  nextTime = Infinity;
  stallCause = -1;
  private nextRate = 1;
  private nextStallCause = -1;
  private cursor = 0;
  private timeline!: NetworkTimeline;
  /** The down bitset of the instant applied last: timeline.downMask[downBase …]. */
  private downBase = 0;
  private readonly state: Uint8Array;
  /** End of a switchover or a restore in progress. */
  private readonly timerEnd: Float64Array;
  private readonly restoredPath: Int32Array;
  private readonly primaryRoutes: readonly RouteSet[];
  /** A pair without a backup has its primary here (never read: hasBackup is 0). */
  private readonly backupRoutes: readonly RouteSet[];
  private readonly hasBackup: Uint8Array;
  private readonly primaryComm: Float64Array;
  private readonly backupComm: Float64Array;
  /** The primaries and provisioned backups: what a change must touch to move a pair that has a path. */
  readonly watched: RouteSet;
  /** Down bits of `watched` (per word of it) at the instant applied last. */
  private readonly watchedDown: Int32Array;
  /** Whether some pair's state changed since the rate was last computed. */
  private moved = false;

  constructor(
    pairs: readonly PairRouting[],
    private readonly options: ProtectionOptions,
    private readonly stepTime: StepTime,
    private readonly hazards: number,
  ) {
    const n = pairs.length;
    const protectedPairs = options.switchover !== null;
    this.state = new Uint8Array(n);
    this.timerEnd = new Float64Array(n);
    this.restoredPath = new Int32Array(n);
    this.primaryRoutes = pairs.map((p) => p.primary.routeSet);
    this.hasBackup = Uint8Array.from(pairs, (p) => (protectedPairs && p.backup ? 1 : 0));
    this.backupRoutes = pairs.map((p) => (p.backup ?? p.primary).routeSet);
    this.primaryComm = Float64Array.from(pairs, (p) => stepTime.pairComm(p.primary, 1));
    this.backupComm = Float64Array.from(pairs, (p) => (p.backup ? stepTime.pairComm(p.backup, 1) : 0));
    this.watched = RouteSet.union(pairs.flatMap((p, i) => (this.hasBackup[i] === 1 ? [p.primary.routeSet, p.backup!.routeSet] : [p.primary.routeSet])));
    this.watchedDown = new Int32Array(this.watched.words.length);
  }

  reset(timeline: NetworkTimeline): void {
    this.timeline = timeline;
    this.cursor = 0;
    this.downBase = 0;
    this.rate = 1;
    this.state.fill(ON_PRIMARY);
    this.watchedDown.fill(0);
    this.moved = true;
    this.findNext();
  }

  advance(): void {
    this.rate = this.nextRate;
    this.stallCause = this.nextStallCause;
    this.findNext();
  }

  /**
   * Whether a view like this one could have used restoration by `limit`: some pair's
   * primary and backup (its primary, for a pair without a backup) down at once after an
   * entry at or before it, or the timeline not drawn that far (true: cannot tell). Until
   * then `applyDown` moves every pair of a view with restoration exactly as it moves them
   * in the view without it (same switchover): the two give the job the same rates at
   * the same instants.
   */
  mayRestoreBy(timeline: NetworkTimeline, limit: number): boolean {
    const entries = timeline.entriesThrough(limit);
    if (entries < 0) return true;
    const down = timeline.downMask;
    for (let i = 0; i < entries; i++) {
      const base = i * timeline.words;
      for (let p = 0; p < this.state.length; p++) {
        if (this.primaryRoutes[p]!.hitBy(down, base) && (this.hasBackup[p] === 0 || this.backupRoutes[p]!.hitBy(down, base))) return true;
      }
    }
    return false;
  }

  /** Runs the pairs' states ahead to the next instant at which the job's rate changes. */
  private findNext(): void {
    const tl = this.timeline;
    const n = this.state.length;
    let cause = -1;
    for (;;) {
      if (this.settled()) {
        // Nothing can move before a change of a primary or backup: go straight to it.
        // (A stall needs a path hit, a cut in that change itself: the skipped causes never count.)
        this.cursor = tl.nextProjectionChange(this.cursor, this.watched, this.watchedDown);
      }
      tl.ensure(this.cursor);
      const tNetwork = tl.time[this.cursor]!;
      let tTimer = Infinity;
      for (let p = 0; p < n; p++) {
        const s = this.state[p];
        if ((s === SWITCHING || s === RESTORING) && this.timerEnd[p]! < tTimer) tTimer = this.timerEnd[p]!;
      }
      const t = tNetwork < tTimer ? tNetwork : tTimer;
      if (t === Infinity) {
        this.nextTime = Infinity;
        return;
      }
      if (tNetwork === t) {
        const j = tl.lastAtSameTime(this.cursor);
        if (this.mayMove(j)) this.applyDown(j, t);
        else this.downBase = j * tl.words;
        const groupCause = firstCutCause(tl, this.cursor, j, this.hazards);
        if (groupCause >= 0) cause = groupCause;
        this.cursor = j + 1;
      }
      for (let p = 0; p < n; p++) {
        if (this.timerEnd[p]! > t) continue;
        if (this.state[p] === SWITCHING) {
          this.state[p] = ON_BACKUP;
          this.moved = true;
        } else if (this.state[p] === RESTORING) {
          this.completeRestore(p);
          this.moved = true;
        }
      }
      // Unmoved pairs have the rate of the last instant, which is this.rate (else the run-ahead would have stopped there).
      if (!this.moved) continue;
      this.moved = false;
      const rate = this.currentRate();
      if (rate !== this.rate) {
        this.nextTime = t;
        this.nextRate = rate;
        // The cut that (last) brought the stall: a switchover or restore in progress
        // when the job stalls was started by a cut in this run-ahead.
        this.nextStallCause = rate === 0 ? cause : -1;
        return;
      }
    }
  }

  /**
   * Whether every pair is on its primary or its backup (or, without restoration, down):
   * no timer runs, no detour is in use, so only a change of `watched` can move a pair.
   */
  private settled(): boolean {
    const restoring = this.options.restoration !== null;
    for (let p = 0; p < this.state.length; p++) {
      const state = this.state[p];
      if (state !== ON_PRIMARY && state !== ON_BACKUP && (restoring || state !== DOWN)) return false;
    }
    return true;
  }

  /**
   * Whether applying the down routes after entry j could move a pair; updates
   * `watchedDown` when it may. When the down bits of every primary and backup are as at
   * the instant applied last, `applyDown` leaves each pair as it is: one whose primary
   * is up is ON_PRIMARY; one on a switchover or its backup stays there; a pair without
   * restoration whose paths are down is DOWN; a restoring pair waits for its timer; a
   * restored pair moves only when its detour is hit (checked here). Only a pair that
   * found no detour (DOWN under restoration) may move on any change.
   */
  private mayMove(j: number): boolean {
    const down = this.timeline.downMask;
    const base = j * this.timeline.words;
    const words = this.watched.words;
    const bits = this.watched.bits;
    let changed = false;
    for (let k = 0; k < words.length; k++) {
      const now = down[base + words[k]!]! & bits[k]!;
      if (now !== this.watchedDown[k]) {
        this.watchedDown[k] = now;
        changed = true;
      }
    }
    if (changed) return true;
    const restoration = this.options.restoration;
    if (restoration === null) return false;
    for (let p = 0; p < this.state.length; p++) {
      const state = this.state[p];
      if (state === DOWN) return true;
      if (state === RESTORED && restoration.paths.routeSet(this.restoredPath[p]!).hitBy(down, base)) return true;
    }
    return false;
  }

  /** Applies the down routes after timeline entry j. */
  private applyDown(j: number, t: number): void {
    const down = this.timeline.downMask;
    const base = (this.downBase = j * this.timeline.words);
    this.moved = true;
    for (let p = 0; p < this.state.length; p++) {
      const state = this.state[p]!;
      if (!this.primaryRoutes[p]!.hitBy(down, base)) {
        this.state[p] = ON_PRIMARY;
      } else if (this.hasBackup[p] === 1 && !this.backupRoutes[p]!.hitBy(down, base)) {
        // Primary down, backup up: a switchover from the primary; at once from a stall.
        if (state === ON_PRIMARY) this.startTimer(p, SWITCHING, this.options.switchover!, t);
        else if (state !== SWITCHING) this.state[p] = ON_BACKUP;
      } else if (this.options.restoration === null) {
        this.state[p] = DOWN;
      } else if (state === ON_PRIMARY || state === SWITCHING || state === ON_BACKUP) {
        this.startTimer(p, RESTORING, this.options.restoration.restore, t);
      } else if (state === RESTORED) {
        if (this.options.restoration.paths.routeSet(this.restoredPath[p]!).hitBy(down, base))
          this.startTimer(p, RESTORING, this.options.restoration.restore, t);
      } else if (state === DOWN) {
        this.completeRestore(p);
      }
    }
  }

  /** Enters a timed state (a switchover, a restore); a zero duration completes at once. */
  private startTimer(p: number, state: number, duration: number, t: number): void {
    if (duration > 0) {
      this.state[p] = state;
      this.timerEnd[p] = t + duration;
    } else if (state === SWITCHING) this.state[p] = ON_BACKUP;
    else this.completeRestore(p);
  }

  private completeRestore(p: number): void {
    const path = this.options.restoration!.paths.pathFor(p, this.timeline.downMask, this.downBase);
    if (path >= 0) {
      this.state[p] = RESTORED;
      this.restoredPath[p] = path;
    } else this.state[p] = DOWN;
  }

  private currentRate(): number {
    let comm = 0;
    for (let p = 0; p < this.state.length; p++) {
      let c: number;
      switch (this.state[p]) {
        case ON_PRIMARY:
          c = this.primaryComm[p]!;
          break;
        case ON_BACKUP:
          c = this.backupComm[p]!;
          break;
        case RESTORED:
          c = this.options.restoration!.paths.comm(this.restoredPath[p]!);
          break;
        default:
          return 0; // switching, restoring or down: the pair is disconnected
      }
      if (c > comm) comm = c;
    }
    return this.stepTime.rateFor(comm);
  }
}
