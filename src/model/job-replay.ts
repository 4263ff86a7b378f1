/**
 * The job state machine of SPEC §3, replayed against one scheme's connectivity view and
 * the trial's background interruptions.
 *
 * The loop advances from event to event: a change of the view's rate, a background
 * interruption, the end of a timed phase, a collective-timeout crash, the horizon.
 * Checkpoints are not events: they fall at known progress k·τ, so between two events
 * the work done — whole run+write cycles and the partial one — is computed
 * arithmetically. While the network stays as it is, an inner loop goes from
 * interruption to interruption without looking at the network or the rarer phases
 * again, and the usual cycle (restart, run, crash, recovery) is done in closed form.
 *
 * This is the hot loop of the whole tool (≈ 260 interruptions a trial with Llama 3's
 * failure rate): state lives in locals, nothing is allocated per event, and a few
 * constructs are chosen for what V8 makes of them (each says so where it stands).
 */
import { CAUSE_CRASHES, CAUSE_FIELDS, CAUSE_LOST } from './cause-metrics.js';
import { M } from './metrics.js';
import type { BackgroundMarks } from './background-marks.js';
import type { NetworkTimeline } from './network-timeline.js';
import type { ConnectivityView } from './schemes/connectivity-view.js';
import { STATUS_CENSORED, STATUS_DONE } from './metrics.js';

export const PHASE_RUN = 0;
export const PHASE_CHECKPOINT = 1;
export const PHASE_RESTART = 2;
export const PHASE_RECOVERY = 3;
export const PHASE_WAIT = 4;
export const PHASE_NAMES = ['running', 'checkpointing', 'restarting', 'recovering', 'waiting'] as const;

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

/** Number of k ≥ 1 with k·τ < W, allowing for rounding in k·τ (a relative 1e-12 of W). */
export function checkpointCount(work: number, interval: number): number {
  const limit = work * (1 - 1e-12);
  let k = Math.max(0, Math.floor(work / interval) - 1);
  while ((k + 1) * interval < limit) k++;
  while (k > 0 && k * interval >= limit) k--;
  return k;
}

export function replayJob(
  job: JobParameters,
  view: ConnectivityView,
  marks: BackgroundMarks,
  timeline: NetworkTimeline,
  out: Float64Array,
  o: number,
  causes: Float64Array,
  co: number,
  tracer: JobTracer | null,
): number {
  // The phases as locals: optimised code reloads a module constant, with a check that it
  // is initialised, at every use.
  const RUN = PHASE_RUN;
  const CHECKPOINT = PHASE_CHECKPOINT;
  const RESTART = PHASE_RESTART;
  const RECOVERY = PHASE_RECOVERY;
  const WAIT = PHASE_WAIT;
  const W = job.work;
  const tau = job.interval;
  const K = job.checkpoints;
  const delta = job.write;
  const R = job.restart;
  const timeout = job.collectiveTimeout;
  const lambda = job.backgroundRate;
  const horizon = job.horizon;
  const recovery = job.recovery;

  let t = 0;
  let phase = RUN;
  let p = 0;
  let kDone = 0;
  /** Wall time left in a checkpoint write, restart or recovery. */
  let left = 0;
  let rate = view.rate;
  // Divisions are the slowest arithmetic in the loop: keep reciprocals, refreshed only
  // when the rate changes.
  let preparedRate = rate;
  let invRate = 1 / rate;
  let runPart = tau * invRate;
  let cycle = runPart + delta;
  let invCycle = 1 / cycle;
  let stallStart = 0;
  // Active hours left until the next background interruption (hazard marks / λ).
  // `mark` must stay an unboxed double in optimised code, or every later mark stored in
  // it is boxed (an allocation per interruption): hence `if` rather than `?:`, which V8
  // left tagged here, and `+marks.at(…)`, which types the value as a number even where
  // V8 does not inline `at`.
  let invLambda = Infinity;
  let markIndex = 0;
  let mark = Infinity;
  if (lambda > 0) {
    invLambda = 1 / lambda;
    mark = +marks.at(0);
  }
  let untilInterrupt = mark * invLambda;
  let runH = 0;
  let checkpointH = 0;
  let stallH = 0;
  let recoveryH = 0;
  let restartH = 0;
  let degradedH = 0;
  let lostH = 0;
  let crashesNetwork = 0;
  let crashesBackground = 0;
  let done = false;

  main: for (;;) {
    const tNet = view.nextTime;

    if (phase === RECOVERY) {
      // Recovery runs on the wall clock whatever the network does (recovery before stall).
      const tRecovered = t + left;
      if (tRecovered <= tNet && tRecovered < horizon) {
        recoveryH += left;
        t = tRecovered;
        left = 0;
        if (rate > 0) {
          phase = RESTART;
          left = R;
          if (tracer !== null) tracer.record(t, 'restart-begin', phase, rate, p, kDone * tau);
        } else {
          phase = WAIT;
          if (tracer !== null) tracer.record(t, 'recovered', phase, rate, p, kDone * tau);
        }
        continue;
      }
      if (tNet < horizon) {
        recoveryH += tNet - t;
        left -= tNet - t;
        t = tNet;
        view.advance();
        rate = view.rate;
        if (tracer !== null) tracer.record(t, rate > 0 ? 'network-back' : 'network-down', phase, rate, p, kDone * tau);
        continue;
      }
      recoveryH += horizon - t;
      t = horizon;
      break;
    }

    if (phase === WAIT) {
      // Crashed and waiting for every required pair to be connected again.
      if (tNet < horizon) {
        stallH += tNet - t;
        t = tNet;
        view.advance();
        rate = view.rate;
        if (rate > 0) {
          phase = RESTART;
          left = R;
          if (tracer !== null) tracer.record(t, 'restart-begin', phase, rate, p, kDone * tau);
        }
        continue;
      }
      stallH += horizon - t;
      t = horizon;
      break;
    }

    // Active phases: running, writing a checkpoint, restarting.
    if (rate === 0) {
      // Stalled: the phase is paused. A stall lasting the collective timeout crashes
      // the job (ties go to the crash: "at least collective_timeout").
      const tCrash = stallStart + timeout;
      if (tCrash <= tNet && tCrash < horizon) {
        stallH += tCrash - t;
        t = tCrash;
        crashesNetwork++;
        const lost = p - kDone * tau;
        lostH += lost;
        // Which cause costs what: the crash and its lost work go to the cut that began the stall.
        const cause = view.stallCause;
        if (cause >= 0) {
          causes[co + cause * CAUSE_FIELDS + CAUSE_CRASHES]! += 1;
          causes[co + cause * CAUSE_FIELDS + CAUSE_LOST]! += lost;
        }
        p = kDone * tau;
        phase = WAIT;
        left = 0;
        if (tracer !== null) tracer.record(t, 'crash-network', phase, rate, p, kDone * tau);
        continue;
      }
      if (tNet < horizon) {
        stallH += tNet - t;
        t = tNet;
        view.advance();
        rate = view.rate;
        if (tracer !== null && rate > 0) tracer.record(t, 'resume', phase, rate, p, kDone * tau);
        continue;
      }
      stallH += horizon - t;
      t = horizon;
      break;
    }

    // Connected: work until the next interruption, network change or the horizon.
    if (rate !== preparedRate) {
      preparedRate = rate;
      invRate = 1 / rate;
      runPart = tau * invRate;
      cycle = runPart + delta;
      invCycle = 1 / cycle;
    }
    const degraded = rate < 1;

    // While the network stays as it is (until tNet), the job goes round restart → run →
    // interruption → recovery → restart without leaving this loop: with background
    // interruptions that is almost every event of a trial, so the phases and the network
    // are not looked at again on each turn.
    for (;;) {
      const tInterrupt = t + untilInterrupt;
      let tEnd = tInterrupt <= tNet ? tInterrupt : tNet;
      if (tEnd > horizon) tEnd = horizon;
      const tStart = t;
      let rem = tEnd - t;

      if (phase === RESTART) {
        if (left > rem) {
          left -= rem;
          restartH += rem;
        } else {
          rem -= left;
          restartH += left;
          t += left;
          left = 0;
          phase = RUN;
          if (tracer !== null) tracer.record(t, 'restart-end', phase, rate, p, kDone * tau);
        }
      }
      if (phase === CHECKPOINT) {
        // A write that completes at the same instant as a crash counts as completed.
        if (left > rem) {
          left -= rem;
          checkpointH += rem;
        } else {
          rem -= left;
          checkpointH += left;
          t += left;
          left = 0;
          kDone++;
          phase = RUN;
        }
      }
      if (phase === RUN) {
        for (;;) {
          // At a checkpoint boundary (after a write, a restart or at t = 0) first skip
          // the whole run+write cycles that fit before the next event, in one step (with
          // n = 0 it changes nothing: no branch, which would be mispredicted often).
          if (kDone < K && p === kDone * tau) {
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
            done = true;
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
        }
      }
      if (done) {
        if (tracer !== null) tracer.record(t, 'done', phase, rate, p, kDone * tau);
        break main;
      }
      t = tEnd;
      untilInterrupt -= tEnd - tStart;

      if (tEnd >= horizon) break main;
      if (tEnd !== tInterrupt) break; // the network changes at tEnd

      // A background interruption crashes the job at once; recovery, then a restart.
      const nextMark = +marks.at(++markIndex);
      untilInterrupt = (nextMark - mark) * invLambda;
      mark = nextMark;
      crashesBackground++;
      lostH += p - kDone * tau;
      p = kDone * tau;
      phase = RECOVERY;
      left = recovery;
      if (tracer !== null) tracer.record(t, 'crash-background', phase, rate, p, kDone * tau);
      // Recovery runs on the wall clock; if the network changes (or the horizon comes)
      // first, the recovery branch at the top takes over.
      const tRecovered = t + recovery;
      if (!(tRecovered <= tNet && tRecovered < horizon)) continue main;
      recoveryH += recovery;
      t = tRecovered;
      phase = RESTART;
      left = R;
      if (tracer !== null) tracer.record(t, 'restart-begin', phase, rate, p, kDone * tau);

      // Whole cycles in closed form. A restart has just begun at a checkpoint boundary
      // and the network stays as it is until tNet, so each interruption until then is
      // one cycle of the code above — restart, whole run+write cycles, a partial run or
      // write, crash, recovery — that needs only its active time. This loop does such a
      // cycle in a few operations and leaves to the code above any cycle it cannot
      // (before changing anything): one that would reach the last checkpoint (the job
      // may end), whose recovery outlasts the network state or the horizon, or that
      // rounding leaves ambiguous. It records the same events as the code above, and
      // runs with a tracer too, so that a trace gives exactly the campaign's row.
      // (Crashes and recoveries are counted by the marks consumed, and the degraded
      // running time is taken from runH, after the loop: fewer values live in it.)
      const firstMark = markIndex;
      const runBefore = runH;
      while (kDone < K) {
        const tCrash = t + untilInterrupt;
        const tBack = tCrash + recovery;
        if (!(tBack <= tNet && tBack < horizon)) break;
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
        const next = +marks.at(++markIndex);
        untilInterrupt = (next - mark) * invLambda;
        mark = next;
      }
      crashesBackground += markIndex - firstMark;
      recoveryH += (markIndex - firstMark) * recovery;
      if (degraded) degradedH += runH - runBefore;
      p = kDone * tau;
    }

    // The network changes at t = tNet.
    if (t !== tNet) break; // (unreachable: tEnd is the interruption, tNet or the horizon)
    view.advance();
    const previous = rate;
    rate = view.rate;
    if (rate === 0) {
      stallStart = t;
      if (tracer !== null) tracer.record(t, 'stall', phase, rate, p, kDone * tau);
    } else if (tracer !== null && rate !== previous) tracer.record(t, 'rate', phase, rate, p, kDone * tau);
  }

  const status = done ? STATUS_DONE : STATUS_CENSORED;
  if (!done && tracer !== null) tracer.record(t, 'censored', phase, rate, p, kDone * tau);
  const jct = t;
  out[o + M.jct_h] = jct;
  out[o + M.goodput] = done ? W / jct : p / jct;
  out[o + M.lost_work_h] = lostH;
  out[o + M.run_h] = runH;
  out[o + M.checkpoint_h] = checkpointH;
  out[o + M.stall_h] = stallH;
  out[o + M.recovery_h] = recoveryH;
  out[o + M.restart_h] = restartH;
  out[o + M.degraded_h] = degradedH;
  out[o + M.crashes_network] = crashesNetwork;
  out[o + M.crashes_background] = crashesBackground;
  out[o + M.cuts] = timeline.cutsBefore(jct);
  out[o + M.energy_mwh] = job.energyPerHour * jct;
  out[o + M.wasted_energy_mwh] = job.energyPerHour * (jct - (done ? W : p));
  out[o + M.network_energy_mwh] = job.networkEnergyPerProgressHour * ((done ? W : p) + lostH);
  return status;
}
