/**
 * The job's state and the arithmetic every replay shares (docs/model.md#job): where the
 * job is (phase, progress, checkpoints written, time left in a timed phase), its
 * background-interruption clock, the time accounts, and the moves that change them —
 * working at a rate while the network stays as it is (restart, write, whole run+write
 * cycles, the partial one; background interruptions and the cycles they make),
 * pausing (and crashing at the collective timeout), recovering, rolling back to the
 * last checkpoint, and writing the outcome row.
 *
 * The replays (job-replay.ts for every scheme but `elastic`, elastic-replay.ts) decide
 * only what differs between them: which rate the job runs at, and what follows a crash,
 * a recovery or a network change. Checkpoints are not events: they fall at known
 * progress k·τ, so the work done between two events is computed arithmetically.
 *
 * One instance per thread is reused for every replay (`jobState`): nothing is allocated
 * per trial or per event. `run`, the hot loop of the tool, copies the fields into
 * locals and stores them back once per call (see there).
 */
import { CAUSE_CRASHES, CAUSE_FIELDS, CAUSE_LOST } from './cause-metrics.js';
import type { BackgroundMarks } from './background-marks.js';
import { M, STATUS_CENSORED, STATUS_DONE } from './metrics.js';
import type { NetworkTimeline } from './network-timeline.js';

export const PHASE_RUN = 0;
export const PHASE_CHECKPOINT = 1;
export const PHASE_RESTART = 2;
export const PHASE_RECOVERY = 3;
export const PHASE_WAIT = 4;
/** Work complete (only in the `done` trace row). */
export const PHASE_DONE = 5;
export const PHASE_NAMES = ['running', 'checkpointing', 'restarting', 'recovering', 'waiting', 'done'] as const;

export type JobEvent =
  | 'stall'
  | 'resume'
  | 'rate'
  | 'crash-network'
  | 'crash-background'
  | 'recovered'
  | 'network-back'
  | 'network-down'
  | 'restart-begin'
  | 'restart-end'
  | 'done'
  | 'censored';

/** Receives the job's events when a trial is traced; null in campaigns. */
export interface JobTracer {
  record(t: number, event: JobEvent, phase: number, rate: number, progress: number, lastCheckpoint: number): void;
}

/** The job's constants, resolved from the scenario. */
export interface JobParameters {
  /** W */
  readonly work: number;
  /** τ (resolved; never 'daly' here) */
  readonly interval: number;
  /** Number of checkpoints: k ≥ 1 with k·τ < W. */
  readonly checkpoints: number;
  /** δ */
  readonly write: number;
  /** R */
  readonly restart: number;
  readonly collectiveTimeout: number;
  readonly recovery: number;
  /** Background interruption rate of the whole job, per active hour (0: none). */
  readonly backgroundRate: number;
  readonly horizon: number;
  /** MWh per wall-clock hour of the job: gpus × kW per GPU / 1000. */
  readonly energyPerHour: number;
  /** WAN transport MWh per hour of progress executed (lost progress included). */
  readonly networkEnergyPerProgressHour: number;
}

/**
 * The most checkpoints a job may have. Validation refuses more (a job with millions of
 * checkpoints is a typo); the model clamps so that its loops end whatever it is given:
 * checkpoint indices stay exact integers and `cycles | 0` in `cycleUntil` cannot wrap.
 */
export const MAX_CHECKPOINTS = 2 ** 30;

/**
 * Number of k ≥ 1 with k·τ < W, allowing for rounding in k·τ (a relative 1e-12 of W),
 * at most MAX_CHECKPOINTS. Arithmetic, not counting: W / τ is within an ulp or two of
 * the answer, so a few corrections each way settle it.
 */
export function checkpointCount(work: number, interval: number): number {
  const limit = work * (1 - 1e-12);
  const quotient = Math.ceil(limit / interval) - 1;
  if (!(quotient < MAX_CHECKPOINTS)) return quotient >= MAX_CHECKPOINTS ? MAX_CHECKPOINTS : 0;
  let k = Math.max(0, quotient);
  for (let i = 0; i < 4 && (k + 1) * interval < limit; i++) k++;
  for (let i = 0; i < 4 && k > 0 && k * interval >= limit; i++) k--;
  return k;
}

/**
 * A replay: plays the job of one scheme on its view `view` (reset for the trial), the
 * trial's background marks and network timeline; writes the outcome row to
 * `out[o …]`, adds the scheme's network crashes and lost work by cause to
 * `causes[co …]`, tells `tracer` every event; returns the status (metrics.ts).
 */
export type JobReplay<View> = (job: JobParameters, view: View, marks: BackgroundMarks, timeline: NetworkTimeline, out: Float64Array, o: number, causes: Float64Array, co: number, tracer: JobTracer | null) => number;

/** A replay with its view bound (schemes/make-view.ts). */
export type BoundJobReplay = (job: JobParameters, marks: BackgroundMarks, timeline: NetworkTimeline, out: Float64Array, o: number, causes: Float64Array, co: number, tracer: JobTracer | null) => number;

/** What `run` stopped at (REACHED_INTERRUPT: crashed by one, recovering). */
export const REACHED_INTERRUPT = 0;
export const REACHED_NETWORK = 1;
export const REACHED_HORIZON = 2;
export const REACHED_DONE = 3;
/** A checkpoint was written and the caller asked to stop there. */
export const REACHED_CHECKPOINT = 4;
/** `pause` / `recover`: the stall reached the collective timeout (crashed) / the recovery ended. */
export const REACHED_CRASH = 5;
export const REACHED_END_OF_RECOVERY = 6;

/**
 * What `run` does after a background interruption: return (the caller plays the
 * recovery and chooses the restart); or recover and restart in the loop when the
 * recovery ends at or before the next network change (RESTART_BY_CHANGE: recovery
 * comes before the change), or strictly before it (RESTART_BEFORE_CHANGE: a change at
 * that instant is taken first, as the elastic job chooses its group after it).
 */
export const RESTART_NEVER = 0;
export const RESTART_BY_CHANGE = 1;
export const RESTART_BEFORE_CHANGE = 2;

export class JobState {
  // The job's constants (from JobParameters).
  W = 0;
  tau = 0;
  K = 0;
  delta = 0;
  R = 0;
  recovery = 0;
  horizon = 0;

  t = 0;
  phase = PHASE_RUN;
  /** Progress, in hours of work at full rate. */
  p = 0;
  /** Checkpoints written. */
  kDone = 0;
  /** Wall time left in a checkpoint write, restart or recovery. */
  left = 0;
  done = false;

  // The rate the cycle constants were computed for. Divisions are the slowest
  // arithmetic in the loop: keep reciprocals, refreshed only when the rate changes.
  preparedRate = 1;
  invRate = 1;
  runPart = 0;
  cycle = 0;
  invCycle = 0;

  // Background interruptions: the marks are on the full job's cumulative-hazard clock;
  // the job reaches mark H after H / λ_now active hours (λ_now = λ × the share of GPUs
  // in use). `untilInterrupt`: active hours left until the next one.
  invLambda = Infinity;
  invLambdaNow = Infinity;
  markIndex = 0;
  mark = Infinity;
  untilInterrupt = Infinity;

  runH = 0;
  checkpointH = 0;
  stallH = 0;
  recoveryH = 0;
  restartH = 0;
  degradedH = 0;
  lostH = 0;
  crashesNetwork = 0;
  crashesBackground = 0;

  /** Starts a replay at t = 0: running at rate 1, nothing written, every account 0. */
  start(job: JobParameters, marks: BackgroundMarks): void {
    this.W = job.work;
    this.tau = job.interval;
    this.K = job.checkpoints;
    this.delta = job.write;
    this.R = job.restart;
    this.recovery = job.recovery;
    this.horizon = job.horizon;
    this.t = 0;
    this.phase = PHASE_RUN;
    this.p = 0;
    this.kDone = 0;
    this.left = 0;
    this.done = false;
    this.prepare(1);
    // `mark` must stay an unboxed double in optimised code, or every later mark stored
    // in it is boxed: hence `if` rather than `?:`, and `+marks.at(…)`, which types the
    // value as a number even where V8 does not inline `at`.
    this.invLambda = Infinity;
    this.markIndex = 0;
    this.mark = Infinity;
    if (job.backgroundRate > 0) {
      this.invLambda = 1 / job.backgroundRate;
      this.mark = +marks.at(0);
    }
    this.invLambdaNow = this.invLambda;
    this.untilInterrupt = this.mark * this.invLambda;
    this.runH = 0;
    this.checkpointH = 0;
    this.stallH = 0;
    this.recoveryH = 0;
    this.restartH = 0;
    this.degradedH = 0;
    this.lostH = 0;
    this.crashesNetwork = 0;
    this.crashesBackground = 0;
  }

  prepare(rate: number): void {
    this.preparedRate = rate;
    this.invRate = 1 / rate;
    this.runPart = this.tau * this.invRate;
    this.cycle = this.runPart + this.delta;
    this.invCycle = 1 / this.cycle;
  }

  /** Progress of the last checkpoint written. */
  get checkpoint(): number {
    return this.kDone * this.tau;
  }

  /**
   * Connected, with the network as it is until `tNet`: works at `rate` > 0 — finishing
   * a restart or a write, then whole run+write cycles and a partial one — until the
   * next background interruption, `tNet` or the horizon, whichever comes first (an
   * interruption at `tNet` comes first), or until the work is done; with
   * `stopAtCheckpoint`, also until the next checkpoint is written.
   *
   * A background interruption crashes the job at once (rolled back, recovery begins).
   * With `restart` (RESTART_*) the job then goes round recovery → restart → work →
   * interruption without returning, as long as each recovery ends before `tNet` (or at
   * it, with RESTART_BY_CHANGE) and the horizon; with `closedForm`, the cycles that
   * follow each such restart are done in closed form (below). Returns what it stopped at
   * (REACHED_*; REACHED_INTERRUPT: recovering, the recovery to be played by the caller);
   * `t` is then that instant.
   *
   * This is the hot loop of the tool (≈ 350 interruptions a trial with Llama 3's failure
   * rate, for every scheme): the state is copied into locals and stored back once per
   * call, because optimised code keeps locals in registers and fields in memory, and
   * the interruption cycle stays in this loop rather than in calls (V8 does not inline a
   * function this big).
   */
  run(tNet: number, rate: number, stopAtCheckpoint: boolean, restart: number, closedForm: boolean, marks: BackgroundMarks, tracer: JobTracer | null): number {
    if (rate !== this.preparedRate) this.prepare(rate);
    // Module constants as locals: optimised code reloads a module binding, with a check
    // that it is initialised, at every use.
    const RUN = PHASE_RUN;
    const CHECKPOINT = PHASE_CHECKPOINT;
    const RESTART = PHASE_RESTART;
    const RECOVERY = PHASE_RECOVERY;
    const W = this.W;
    const tau = this.tau;
    const K = this.K;
    const delta = this.delta;
    const R = this.R;
    const recovery = this.recovery;
    const horizon = this.horizon;
    const invRate = this.invRate;
    const runPart = this.runPart;
    const cycle = this.cycle;
    const invCycle = this.invCycle;
    const invLambda = this.invLambdaNow;
    const degraded = rate < 1;
    let t = this.t;
    let phase = this.phase;
    let p = this.p;
    let kDone = this.kDone;
    let left = this.left;
    let untilInterrupt = this.untilInterrupt;
    let mark = this.mark;
    let markIndex = this.markIndex;
    let runH = this.runH;
    let checkpointH = this.checkpointH;
    let restartH = this.restartH;
    let recoveryH = this.recoveryH;
    let degradedH = this.degradedH;
    let lostH = this.lostH;
    let crashesBackground = this.crashesBackground;
    let reached = REACHED_NETWORK;

    for (;;) {
      const tInterrupt = t + untilInterrupt;
      let tEnd = tInterrupt <= tNet ? tInterrupt : tNet;
      if (tEnd > horizon) tEnd = horizon;
      const tStart = t;
      let rem = tEnd - t;
      let stopped = false;

      // A restart or a write under way ends first (or is cut short at tEnd).
      if (phase === RESTART || phase === CHECKPOINT) {
        const part = left > rem ? rem : left;
        if (phase === RESTART) restartH += part;
        else checkpointH += part;
        if (left > rem) left -= rem;
        else {
          rem -= left;
          t += left;
          left = 0;
          if (phase === RESTART) {
            phase = RUN;
            if (tracer !== null) tracer.record(t, 'restart-end', phase, rate, p, kDone * tau);
          } else {
            // A write that completes at the same instant as a crash counts as completed.
            kDone++;
            phase = RUN;
            if (stopAtCheckpoint) {
              reached = REACHED_CHECKPOINT;
              stopped = true;
            }
          }
        }
      }
      if (phase === RUN && !stopped) {
        for (;;) {
          // At a checkpoint boundary (after a write, a restart or at t = 0) first skip
          // the whole run+write cycles that fit before the next event, in one step (with
          // n = 0 it changes nothing: no branch, which would be mispredicted often).
          if (!stopAtCheckpoint && kDone < K && p === kDone * tau) {
            let n = Math.floor(rem * invCycle);
            if (n > K - kDone) n = K - kDone;
            kDone += n;
            p = kDone * tau;
            const running = n * runPart;
            runH += running;
            if (degraded) degradedH += running;
            checkpointH += n * delta;
            const elapsed = running + n * delta;
            t += elapsed;
            rem -= elapsed;
            if (rem < 0) rem = 0;
          }
          const last = kDone >= K;
          const target = last ? W : (kDone + 1) * tau;
          const need = (target - p) * invRate;
          if (need > rem) {
            p += rem * rate;
            runH += rem;
            if (degraded) degradedH += rem;
            break;
          }
          rem -= need;
          runH += need;
          if (degraded) degradedH += need;
          t += need;
          p = target;
          if (last) {
            reached = REACHED_DONE;
            stopped = true;
            break;
          }
          if (delta > rem) {
            phase = CHECKPOINT;
            left = delta - rem;
            checkpointH += rem;
            break;
          }
          rem -= delta;
          checkpointH += delta;
          t += delta;
          kDone++;
          if (stopAtCheckpoint) {
            reached = REACHED_CHECKPOINT;
            stopped = true;
            break;
          }
        }
      }
      if (stopped) {
        if (reached === REACHED_DONE) {
          this.done = true;
          if (tracer !== null) tracer.record(t, 'done', PHASE_DONE, rate, p, kDone * tau);
        } else {
          // A checkpoint: t sums the pieces, so rounding may put it an ulp past tEnd.
          if (t > tEnd) t = tEnd;
          untilInterrupt -= t - tStart;
          if (untilInterrupt < 0) untilInterrupt = 0;
        }
        break;
      }
      t = tEnd;
      untilInterrupt -= tEnd - tStart;
      if (tEnd >= horizon) {
        reached = REACHED_HORIZON;
        break;
      }
      if (tEnd !== tInterrupt) break; // REACHED_NETWORK

      // A background interruption: crash, roll back to the last checkpoint (rollBack's
      // arithmetic, on the locals), recovery begins; the next mark is drawn.
      const next = +marks.at(++markIndex);
      untilInterrupt = (next - mark) * invLambda;
      mark = next;
      crashesBackground++;
      lostH += p - kDone * tau;
      p = kDone * tau;
      phase = RECOVERY;
      left = recovery;
      if (tracer !== null) tracer.record(t, 'crash-background', phase, rate, p, kDone * tau);
      reached = REACHED_INTERRUPT;
      const tRecovered = t + recovery;
      if (restart === RESTART_NEVER || !((restart === RESTART_BY_CHANGE ? tRecovered <= tNet : tRecovered < tNet) && tRecovered < horizon)) break;
      recoveryH += recovery;
      t = tRecovered;
      phase = RESTART;
      left = R;
      if (tracer !== null) tracer.record(t, 'restart-begin', phase, rate, p, kDone * tau);
      reached = REACHED_NETWORK;
      if (!closedForm) continue;

      // Whole interruption cycles in closed form. A restart has just begun at a
      // checkpoint boundary and the network stays as it is until tNet, so each
      // interruption until then is one cycle of the code above — restart, whole
      // run+write cycles, a partial run or write, crash, recovery — that needs only its
      // active time. This loop does such a cycle in a few operations and leaves to the
      // code above any cycle it cannot (before changing anything): one that would reach
      // the last checkpoint (the job may end), whose recovery outlasts the network state
      // (ends after tNet, or at it with RESTART_BEFORE_CHANGE) or the horizon, or that
      // rounding leaves ambiguous. It records the same events as
      // the code above, so a trace gives exactly the campaign's row. (Crashes and
      // recoveries are counted by the marks consumed, and the degraded running time is
      // taken from runH, after the loop: fewer values live in it.) The sums it makes
      // differ in rounding from the code above, so a replay uses it or not throughout:
      // both replays use it, so that an elastic trial is the trial of `none` to the bit
      // until it shrinks, and a job whose network never changes is the same job under
      // every scheme (trial-runner.ts plays it once).
      const firstMark = markIndex;
      const runBefore = runH;
      const byChange = restart === RESTART_BY_CHANGE;
      while (kDone < K) {
        const tCrash = t + untilInterrupt;
        const tBack = tCrash + recovery;
        if (!((byChange ? tBack <= tNet : tBack < tNet) && tBack < horizon)) break;
        const active = tCrash - t;
        if (active < R) {
          restartH += active; // crashed during the restart: nothing lost
        } else {
          const busy = active - R;
          // Whole run+write cycles: n = floor(cycles), checked against the checkpoints
          // left before truncating (so `| 0` never overflows; a floor that V8 turned back
          // into an integer would cost a checked conversion).
          const cycles = busy * invCycle;
          if (cycles >= K - kDone) break;
          const n = cycles | 0;
          let rest = busy - n * cycle;
          if (rest < 0) rest = 0;
          if (rest < runPart) {
            // Crashed while running: the run since the last checkpoint is lost.
            runH += n * runPart + rest;
            checkpointH += n * delta;
            lostH += rest * rate;
          } else {
            // Crashed while writing checkpoint kDone + n + 1: that segment is lost.
            if (rest - runPart >= delta) break;
            runH += (n + 1) * runPart;
            checkpointH += n * delta + (rest - runPart);
            lostH += (kDone + n + 1) * tau - (kDone + n) * tau;
          }
          restartH += R;
          if (tracer !== null) tracer.record(t + R, 'restart-end', RUN, rate, kDone * tau, kDone * tau);
          kDone += n;
        }
        if (tracer !== null) {
          tracer.record(tCrash, 'crash-background', RECOVERY, rate, kDone * tau, kDone * tau);
          tracer.record(tBack, 'restart-begin', RESTART, rate, kDone * tau, kDone * tau);
        }
        t = tBack;
        const following = +marks.at(++markIndex);
        untilInterrupt = (following - mark) * invLambda;
        mark = following;
      }
      crashesBackground += markIndex - firstMark;
      recoveryH += (markIndex - firstMark) * recovery;
      if (degraded) degradedH += runH - runBefore;
      p = kDone * tau;
    }

    this.t = t;
    this.phase = phase;
    this.p = p;
    this.kDone = kDone;
    this.left = left;
    this.untilInterrupt = untilInterrupt;
    this.mark = mark;
    this.markIndex = markIndex;
    this.runH = runH;
    this.checkpointH = checkpointH;
    this.restartH = restartH;
    this.recoveryH = recoveryH;
    this.degradedH = degradedH;
    this.lostH = lostH;
    this.crashesBackground = crashesBackground;
    return reached;
  }

  /**
   * Paused (stalled by the network, or waiting for it after a crash) until `tNet`, the
   * horizon or `tCrash` — the stall start + collective timeout (Infinity: no crash);
   * ties go to the crash ("at least collective_timeout"). A crash rolls back to the last
   * checkpoint and charges the crash and its lost work to `cause` (−1: none).
   */
  pause(tCrash: number, tNet: number, cause: number, causes: Float64Array, co: number): number {
    const horizon = this.horizon;
    if (tCrash <= tNet && tCrash < horizon) {
      this.stallH += tCrash - this.t;
      this.t = tCrash;
      this.crashesNetwork++;
      const lost = this.rollBack();
      if (cause >= 0) {
        causes[co + cause * CAUSE_FIELDS + CAUSE_CRASHES]! += 1;
        causes[co + cause * CAUSE_FIELDS + CAUSE_LOST]! += lost;
      }
      return REACHED_CRASH;
    }
    const tEnd = tNet < horizon ? tNet : horizon;
    this.stallH += tEnd - this.t;
    this.t = tEnd;
    return tNet < horizon ? REACHED_NETWORK : REACHED_HORIZON;
  }

  /** Recovering (on the wall clock whatever the network does) until it ends, `tNet` or the horizon. */
  recover(tNet: number): number {
    const left = this.left;
    const tRecovered = this.t + left;
    if (tRecovered <= tNet && tRecovered < this.horizon) {
      this.recoveryH += left;
      this.t = tRecovered;
      this.left = 0;
      return REACHED_END_OF_RECOVERY;
    }
    const tEnd = tNet < this.horizon ? tNet : this.horizon;
    this.recoveryH += tEnd - this.t;
    this.left = left - (tEnd - this.t);
    this.t = tEnd;
    return tNet < this.horizon ? REACHED_NETWORK : REACHED_HORIZON;
  }

  /** Back to the last checkpoint; returns the progress lost. */
  rollBack(): number {
    const checkpoint = this.kDone * this.tau;
    const lost = this.p - checkpoint;
    this.lostH += lost;
    this.p = checkpoint;
    this.left = 0;
    return lost;
  }

  beginRestart(): void {
    this.phase = PHASE_RESTART;
    this.left = this.R;
  }

  /** Writes the outcome row (metrics.ts) of the replay that ended at `t`; returns its status. */
  writeOutcome(job: JobParameters, timeline: NetworkTimeline, out: Float64Array, o: number): number {
    const jct = this.t;
    const done = this.done;
    const progress = done ? this.W : this.p;
    out[o + M.jct_h] = jct;
    out[o + M.goodput] = progress / jct;
    out[o + M.lost_work_h] = this.lostH;
    out[o + M.run_h] = this.runH;
    out[o + M.checkpoint_h] = this.checkpointH;
    out[o + M.stall_h] = this.stallH;
    out[o + M.recovery_h] = this.recoveryH;
    out[o + M.restart_h] = this.restartH;
    out[o + M.degraded_h] = this.degradedH;
    out[o + M.crashes_network] = this.crashesNetwork;
    out[o + M.crashes_background] = this.crashesBackground;
    out[o + M.cuts] = timeline.cutsBefore(jct);
    out[o + M.energy_mwh] = job.energyPerHour * jct;
    out[o + M.wasted_energy_mwh] = job.energyPerHour * (jct - progress);
    out[o + M.network_energy_mwh] = job.networkEnergyPerProgressHour * (progress + this.lostH);
    return done ? STATUS_DONE : STATUS_CENSORED;
  }
}

/** The one JobState of this thread, reused by every replay (a replay runs to its end before the next begins). */
export const jobState = new JobState();
